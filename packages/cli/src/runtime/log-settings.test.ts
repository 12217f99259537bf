import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { logLevelOf } from './log-settings.js';

describe('logLevelOf', () => {
  it('takes EXAI_LOG_LEVEL over logLevel in the file, else info', () => {
    expect(logLevelOf({}, {})).toBe('info');
    expect(logLevelOf({ logLevel: 'warn' }, {})).toBe('warn');
    expect(logLevelOf({ logLevel: 'warn' }, { EXAI_LOG_LEVEL: 'DEBUG' })).toBe('debug');
  });

  it('names the variable and the levels when EXAI_LOG_LEVEL is not a level', () => {
    expect(() => logLevelOf({}, { EXAI_LOG_LEVEL: 'loud' })).toThrow(InvalidConfigError);
    expect(() => logLevelOf({}, { EXAI_LOG_LEVEL: 'loud' })).toThrow(
      /EXAI_LOG_LEVEL.*"loud" is not a log level/s,
    );
  });
});
