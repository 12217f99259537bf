export type HeaderValues = Record<string, string | string[] | undefined>;

const secondsPattern = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * How long the upstream asked us to wait, in milliseconds: `retry-after-ms` (as sent by OpenAI-style
 * APIs) wins over `retry-after`, which may be delta-seconds or an HTTP date. Header names must be
 * lower-cased. Returns undefined when neither header is present or readable.
 */
export function parseRetryAfter(headers: HeaderValues, nowInMs: number = Date.now()): number | undefined {
  const milliseconds = firstValue(headers['retry-after-ms']);
  if (milliseconds !== undefined && secondsPattern.test(milliseconds)) {
    return Math.round(Number(milliseconds));
  }
  const retryAfter = firstValue(headers['retry-after']);
  if (retryAfter === undefined) return undefined;
  if (secondsPattern.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
