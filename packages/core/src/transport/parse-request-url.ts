/**
 * Parsed request URLs by their text. A provider sends to the same few URLs call after call, and
 * `new URL` is a measurable part of a call's CPU. Only URLs without credentials or a query are
 * kept (so no secret stays in memory beyond its call), the parsed objects are only read, and the
 * cache starts over when full.
 */
const maxRemembered = 128;
const parsedUrls = new Map<string, URL>();

/** `new URL(url)`, reusing an earlier parse of the same text; throws as `new URL` does. */
export function parseRequestUrl(url: string): URL {
  const known = parsedUrls.get(url);
  if (known !== undefined) return known;
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '') {
    if (parsedUrls.size >= maxRemembered) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}
