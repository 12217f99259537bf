import { describe, expect, it } from 'vitest';
import { collectHeaderSecrets, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi_jkl', 'Authorization: Bearer [REDACTED]'],
    ['{"authorization":"Basic dXNlcjpwYXNz"}', '{"authorization":"Basic [REDACTED]"}'],
    ['key sk-abcdefghijklmnopqrstuvwx used', 'key [REDACTED] used'],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwx', '[REDACTED]'],
    ['{"api_key": "abc123"}', '{"api_key": "[REDACTED]"}'],
    ['{"apiKey":"abc123","model":"m"}', '{"apiKey":"[REDACTED]","model":"m"}'],
    ['https://x.test/v1?api_key=abc123&model=m', 'https://x.test/v1?api_key=[REDACTED]&model=m'],
    ['x-api-key: abc123', 'x-api-key: [REDACTED]'],
    ['nothing secret here: model=kimi-k2', 'nothing secret here: model=kimi-k2'],
    ['proxy https://alice:hunter2@h.test/v1 is down', 'proxy https://[REDACTED]@h.test/v1 is down'],
    ['see https://h.test/v1?q=a@b', 'see https://h.test/v1?q=a@b'],
  ])('redacts %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('redacts given secrets wherever they appear', () => {
    const secret = 'custom-token-0123456789';
    expect(redactSecrets(`echo ${secret} and again ${secret}`, [secret])).toBe(
      'echo [REDACTED] and again [REDACTED]',
    );
  });

  it('does not replace short literal secrets, which would match ordinary text', () => {
    expect(redactSecrets('the cat sat', ['cat'])).toBe('the cat sat');
  });
});

describe('collectHeaderSecrets', () => {
  it('collects credential header values and the token after the scheme', () => {
    expect(
      collectHeaderSecrets({
        Authorization: 'Bearer abcdefgh12345',
        'x-api-key': 'key-123456789',
        accept: 'x',
      }),
    ).toEqual(['Bearer abcdefgh12345', 'abcdefgh12345', 'key-123456789']);
  });
});
