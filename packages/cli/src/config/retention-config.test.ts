import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@exai/core';
import { describeSweep } from '../runtime/describe-sweep.js';
import { parseExaiConfig } from './load-exai-config.js';
import { describeAge, retentionPolicy } from './retention-config.js';

const day = 86_400_000;

describe('retention settings', () => {
  it('reads exai.config.json, each key overridden by its environment variable', () => {
    const config = parseExaiConfig({ retention: { threads: '30d', usage: '400d', audit: '1d12h' } }, 'x');
    expect(retentionPolicy(config, {})).toEqual({
      threadsInMs: 30 * day,
      usageInMs: 400 * day,
      auditInMs: 36 * 3_600_000,
    });
    expect(retentionPolicy(config, { EXAI_RETENTION_THREADS: '7d' }).threadsInMs).toBe(7 * day);
    expect(retentionPolicy(parseExaiConfig({}, 'x'), {})).toEqual({});
  });

  it('refuses a value that is not a duration, in the file and in the environment', () => {
    expect(() => parseExaiConfig({ retention: { threads: '30 days' } }, 'x')).toThrow(/retention\.threads/);
    expect(() => parseExaiConfig({ retention: { forever: '1d' } }, 'x')).toThrow();
    const error = (() => {
      try {
        retentionPolicy(parseExaiConfig({}, 'x'), { EXAI_RETENTION_AUDIT: '0s' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('EXAI_RETENTION_AUDIT: "0s" is not a duration');
  });

  it('describes ages and sweeps for people', () => {
    expect([describeAge(30 * day), describeAge(2 * 3_600_000), describeAge(90_000)]).toEqual([
      '30d',
      '2h',
      '90s',
    ]);
    expect(describeSweep({ threads: 0, files: 0 })).toBeUndefined();
    expect(describeSweep({ threads: 2, files: 0, retention: { threads: 0, usage: 40, audit: 1 } })).toBe(
      '2 expired threads, 40 usage records past retention, 1 audit event past retention',
    );
  });
});
