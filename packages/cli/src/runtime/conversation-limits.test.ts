import { parseExaiConfig } from '../config/load-exai-config.js';
import { describe, expect, it } from 'vitest';
import { conversationLimits } from './conversation-limits.js';

describe('conversationLimits', () => {
  it('keeps the core defaults when nothing is set', () => {
    expect(conversationLimits(parseExaiConfig({}, 'test'), {})).toEqual({});
  });

  it('reads the config file and lets the environment win', () => {
    const config = parseExaiConfig(
      { conversations: { maxTurns: 40, ttlInMinutes: 60, maxResultTokens: 5000 } },
      'test',
    );
    expect(conversationLimits(config, {})).toEqual({
      maxTurns: 40,
      threadTtlInMs: 3_600_000,
      maxResultTokens: 5000,
    });
    expect(conversationLimits(config, { EXAI_MAX_TURNS: '10', EXAI_THREAD_TTL_MINUTES: ' ' })).toEqual({
      maxTurns: 10,
      threadTtlInMs: 3_600_000,
      maxResultTokens: 5000,
    });
  });

  it('reads the answer size cap from the file or EXAI_MAX_ANSWER_BYTES', () => {
    const config = parseExaiConfig({ conversations: { maxAnswerBytes: 4096 } }, 'test');
    expect(conversationLimits(config, {})).toEqual({ maxAnswerBytes: 4096 });
    expect(conversationLimits(config, { EXAI_MAX_ANSWER_BYTES: '8388608' })).toEqual({
      maxAnswerBytes: 8_388_608,
    });
    expect(() => conversationLimits(config, { EXAI_MAX_ANSWER_BYTES: '100' })).toThrow(
      /EXAI_MAX_ANSWER_BYTES: "100" is not a whole number ≥ 1024/,
    );
    expect(() => parseExaiConfig({ conversations: { maxAnswerBytes: 10 } }, 'exai.config.json')).toThrow(
      /maxAnswerBytes/,
    );
  });

  it('names every variable that is not a whole number in range', () => {
    expect(() =>
      conversationLimits(parseExaiConfig({}, 'test'), {
        EXAI_MAX_TURNS: 'many',
        EXAI_MAX_RESULT_TOKENS: '10',
      }),
    ).toThrow(/EXAI_MAX_TURNS: "many".*\n.*EXAI_MAX_RESULT_TOKENS: "10" is not a whole number ≥ 1000/s);
  });

  it('rejects an unknown key under conversations in the file', () => {
    expect(() => parseExaiConfig({ conversations: { maxTurn: 3 } }, 'exai.config.json')).toThrow(/maxTurn/);
  });
});
