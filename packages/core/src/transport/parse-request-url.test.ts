import { describe, expect, it } from 'vitest';
import { parseRequestUrl } from './parse-request-url.js';

describe('parseRequestUrl', () => {
  it('parses once per URL without credentials or a query', () => {
    const url = 'http://127.0.0.1:8080/v1/chat/completions';
    const first = parseRequestUrl(url);
    expect(first.href).toBe(url);
    expect(parseRequestUrl(url)).toBe(first);
  });

  it('does not keep URLs that carry secrets', () => {
    for (const url of ['http://127.0.0.1/v1?key=secret', 'http://user:pass@127.0.0.1/v1']) {
      const first = parseRequestUrl(url);
      expect(parseRequestUrl(url)).not.toBe(first);
      expect(parseRequestUrl(url).href).toBe(first.href);
    }
  });

  it('throws for text that is not a URL, every time', () => {
    expect(() => parseRequestUrl('not a url')).toThrow(TypeError);
    expect(() => parseRequestUrl('not a url')).toThrow(TypeError);
  });

  it('stays bounded', () => {
    for (let index = 0; index < 1000; index++) parseRequestUrl(`http://127.0.0.1/${index}`);
    const url = 'http://127.0.0.1/again';
    expect(parseRequestUrl(url)).toBe(parseRequestUrl(url));
  });
});
