import { describe, expect, it } from 'vitest';
import { collectUrlSecrets, toSafeUrl } from './safe-url.js';

const safe = (url: string) => toSafeUrl(url, new URL(url));

describe('toSafeUrl', () => {
  it('returns a URL without userinfo or query as it is', () => {
    const url = 'https://api.example.com/v1/chat/completions';
    expect(safe(url)).toBe(url);
  });

  it('strips user:password@', () => {
    expect(safe('https://alice:hunter2-secret@proxy.example.com:8443/v1/chat')).toBe(
      'https://proxy.example.com:8443/v1/chat',
    );
  });

  it('redacts the values of key-like query parameters and keeps the others', () => {
    expect(
      safe(
        'https://x.example.com/v1/chat?api-version=2024-10-21&api-key=abc123def456&key=AIzaXYZ&x_token=t0k',
      ),
    ).toBe(
      'https://x.example.com/v1/chat?api-version=2024-10-21&api-key=[REDACTED]&key=[REDACTED]&x_token=[REDACTED]',
    );
    expect(safe('https://x.example.com/v1?access_token=abc&sig=s1&model=m&monkey=banana')).toBe(
      'https://x.example.com/v1?access_token=[REDACTED]&sig=[REDACTED]&model=m&monkey=banana',
    );
  });
});

describe('collectUrlSecrets', () => {
  it('collects userinfo and key-like query values, decoded', () => {
    const url = new URL('https://alice:p%40ss-word@h.example.com/v1?api_key=glm.key%2Bvalue&model=m');
    expect(collectUrlSecrets(url)).toEqual(['alice', 'p@ss-word', 'glm.key+value']);
  });
});
