import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from './invalid-response-error.js';
import { NetworkError } from './network-error.js';
import { TimeoutError } from './timeout-error.js';

describe('errors keep credentials out of their text', () => {
  const url = 'https://api.example.com/v1/chat?api_key=sk-abcdefghijklmnopqrstuvwx';

  it('redacts the URL of timeouts and network errors', () => {
    const timeout = new TimeoutError({ phase: 'first-byte', timeoutInMs: 10, url });
    const network = new NetworkError({ message: `connection reset (${url})`, url });
    for (const error of [timeout, network]) {
      expect(error.message).not.toContain('sk-abcdefghijklmnopqrstuvwx');
      expect(error.url).not.toContain('sk-abcdefghijklmnopqrstuvwx');
      expect(error.url).toContain('https://api.example.com/v1/chat');
    }
  });

  it('redacts the excerpt of an invalid response', () => {
    const error = new InvalidResponseError({
      message: 'bad body',
      excerpt: '{"error":"bad key","authorization":"Bearer sk-abcdefghijklmnopqrstuvwx"}',
    });
    expect(error.excerpt).not.toContain('sk-abcdefghijklmnopqrstuvwx');
  });
});
