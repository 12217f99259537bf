import type { HeaderValues } from './parse-retry-after.js';

/**
 * undici's lower-cased response headers as a `Record<string, string>`: repeated headers are joined
 * with `, ` (`set-cookie` with `\n`). Returns the same object when there is nothing to join, which is
 * the common case.
 */
export function normalizeHeaders(headers: HeaderValues): Record<string, string> {
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return copyHeaders(headers);
  }
  return headers as Record<string, string>;
}

function copyHeaders(headers: HeaderValues): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    result[name] = typeof value === 'string' ? value : value.join(name === 'set-cookie' ? '\n' : ', ');
  }
  return result;
}
