import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from './invalid-response-error.js';
import { NetworkError } from './network-error.js';
import { StreamError } from './stream-error.js';
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

  it('redacts the message and URL of stream errors and invalid responses', () => {
    const key = 'sk-live-abcdefghijklmnopqrstuvwx';
    const withUserinfo = 'https://alice:hunter2-password@api.example.com/v1/chat?api-key=plainvalue123';
    const stream = new StreamError({
      reason: 'upstream',
      message: `The upstream stream failed: Invalid API key ${key} (${withUserinfo})`,
      url: withUserinfo,
    });
    const invalid = new InvalidResponseError({
      message: `The upstream answered with an error: Invalid API key ${key}`,
      url: withUserinfo,
    });
    for (const error of [stream, invalid]) {
      for (const text of [error.message, error.url ?? '']) {
        expect(text).not.toContain(key);
        expect(text).not.toContain('hunter2-password');
        expect(text).not.toContain('plainvalue123');
      }
      expect(error.url).toContain('api.example.com/v1/chat');
    }
  });

  it('redacts the userinfo of URLs in network error messages', () => {
    const url = 'http://alice:hunter2-password@127.0.0.1:9/v1/chat/completions';
    const error = new NetworkError({ message: `Request to ${url} failed: refused (ECONNREFUSED).`, url });
    expect(error.message).not.toContain('hunter2-password');
    expect(error.url).not.toContain('hunter2-password');
  });
});
