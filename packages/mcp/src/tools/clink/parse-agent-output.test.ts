import { describe, expect, it } from 'vitest';
import { parseAgentOutput } from './parse-agent-output.js';

const text = { command: 'x' } as const;
const json = { command: 'x', parser: 'json' } as const;

describe('parseAgentOutput', () => {
  it('takes plain text as it is, trimmed', () => {
    expect(parseAgentOutput('a', text, '\n  The answer.\n\n')).toBe('The answer.');
  });

  it('takes the configured field, or the first usual one, of one JSON value', () => {
    expect(parseAgentOutput('a', json, '{"type":"result","result":" Yes. "}')).toBe('Yes.');
    expect(parseAgentOutput('a', json, '{"response":"From gemini"}')).toBe('From gemini');
    expect(
      parseAgentOutput('a', { ...json, jsonField: 'message.content' }, '{"message":{"content":"Deep"}}'),
    ).toBe('Deep');
  });

  it('reads JSON lines, the last line with the field winning, log lines ignored', () => {
    const lines = [
      'starting…',
      '{"type":"progress","text":"thinking"}',
      '{"type":"final","text":"Done."}',
      '',
    ];
    expect(parseAgentOutput('a', json, lines.join('\n'))).toBe('Done.');
  });

  it('refuses empty output, output that is not JSON, and JSON without the field', () => {
    expect(() => parseAgentOutput('a', text, ' \n')).toThrow(
      'clink agent "a" printed nothing on its standard output. Check clink.agents.a.args and .parser in exai.config.json.',
    );
    expect(() => parseAgentOutput('a', json, 'plain words')).toThrow(
      'clink agent "a" was to print JSON (parser "json") but printed: plain words.',
    );
    expect(() => parseAgentOutput('a', { ...json, jsonField: 'answer' }, '{"result":"x"}')).toThrow(
      'clink agent "a" printed JSON without a string field "answer": {"result":"x"}.',
    );
  });
});
