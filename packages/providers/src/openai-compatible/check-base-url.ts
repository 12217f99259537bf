import { InvalidConfigError } from '@exai/core';

/**
 * Why a base URL cannot be used, or `undefined` when it can: it must be an absolute `http:` or
 * `https:` URL (`localhost:1234/v1` parses as the scheme `localhost:`, so the scheme is checked).
 */
export function describeBadBaseURL(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const local = /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/i.test(value);
    return `has no scheme; write the full URL, such as ${local ? 'http' : 'https'}://${value}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL; write the full URL, such as https://api.example.com/v1';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `uses ${url.protocol.slice(0, -1)}, not http or https; write the full URL, such as https://api.example.com/v1`;
  }
  return undefined;
}

/**
 * Base URLs already found usable: the check runs on every call (the value may come from the
 * environment), and parsing the same URL again each time is a measurable part of a call. Bounded;
 * starts over when full.
 */
const maxRemembered = 64;
const goodBaseURLs = new Set<string>();

/**
 * Throws `invalid_config` naming where a bad base URL came from (the environment variable, or the
 * `baseURL` setting), its value and the fix, before any request is built from it.
 */
export function assertBaseURL(value: string, { source }: { source: string }): void {
  if (goodBaseURLs.has(value)) return;
  const problem = describeBadBaseURL(value);
  if (problem === undefined) {
    if (goodBaseURLs.size >= maxRemembered) goodBaseURLs.clear();
    goodBaseURLs.add(value);
    return;
  }
  throw new InvalidConfigError({ source, issues: [`${source} is "${value}", which ${problem}.`] });
}
