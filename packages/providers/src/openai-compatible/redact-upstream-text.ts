import { redactSecrets, type TransportResponseBase } from '@exai/core';

/** Where upstream text came from: the response's safe URL and, when the transport has it, its redactor. */
export type UpstreamSource = Pick<TransportResponseBase, 'url' | 'redact'>;

/**
 * Removes credentials from text the upstream sent (an error message, an excerpt) before it goes into
 * an error: the request's own key and headers via the transport's `redact()`, which pattern rules
 * alone miss for keys that do not look like `sk-…`; without one, the pattern rules of `redactSecrets`.
 */
export function redactUpstreamText(source: UpstreamSource | undefined, text: string): string {
  return source?.redact?.(text) ?? redactSecrets(text);
}

/**
 * A redacted copy of a value the upstream sent (an error object), to keep as an error's `cause`
 * without carrying the credentials it may echo: its JSON, redacted and parsed back.
 */
export function redactUpstreamValue(source: UpstreamSource | undefined, value: unknown): unknown {
  const json = JSON.stringify(value);
  if (json === undefined) return value;
  const redacted = redactUpstreamText(source, json);
  if (redacted === json) return value;
  try {
    return JSON.parse(redacted) as unknown;
  } catch {
    return redacted;
  }
}

/**
 * A `JSON.parse` error, for an `InvalidResponseError`: its message redacted (V8 quotes the start of
 * the text it could not parse), and the error itself as the cause only when that quote held nothing
 * to redact.
 */
export function describeParseError(
  source: UpstreamSource | undefined,
  error: unknown,
): { detail: string; cause: unknown } {
  const message = error instanceof Error ? error.message : String(error);
  const detail = redactUpstreamText(source, message);
  return { detail, cause: detail === message ? error : undefined };
}
