import { AbortedError } from '../errors/aborted-error.js';
import type { FallbackAttempt } from '../errors/all-models-failed-error.js';
import { ExaiError } from '../errors/exai-error.js';

/**
 * Codes after which the next model of a chain is tried, besides any error marked `isRetryable`
 * (which reaches the registry only once the transport's own retries gave up):
 * - the target cannot take the call now: `circuit_open`, `over_capacity`, `rate_limited` (also a
 *   quota a transport marked not retryable), `upstream_unavailable`, `upstream_timeout`,
 *   `timeout`, `network_error`;
 * - the target answered badly: `invalid_response`, `stream_error` (the registry only sees it
 *   before anything reached the caller);
 * - the target is not set up: `missing_api_key`, `authentication_failed` (every provider has its
 *   own key), `not_found` (the upstream does not serve that model, e.g. a retired id).
 *
 * No fallback on `aborted`, on request errors another model would refuse too (`bad_request`,
 * `payload_too_large`, `invalid_argument`, …), nor on errors that are not `ExaiError`s: those
 * are bugs to surface, not outages to route around.
 */
const FALLBACK_CODES: ReadonlySet<string> = new Set([
  'circuit_open',
  'over_capacity',
  'rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'timeout',
  'network_error',
  'invalid_response',
  'stream_error',
  'missing_api_key',
  'authentication_failed',
  'not_found',
]);

export function shouldFallBack(error: unknown): boolean {
  if (!ExaiError.isInstance(error) || error.code === 'aborted') return false;
  return error.isRetryable || FALLBACK_CODES.has(error.code);
}

export function toFallbackAttempt(model: string, error: unknown): FallbackAttempt {
  return {
    model,
    code: ExaiError.isInstance(error) ? error.code : 'unknown',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Throws an `AbortedError` (the given one, if it is one) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, error?: unknown): void {
  if (!signal?.aborted) return;
  if (AbortedError.isInstance(error)) throw error;
  throw new AbortedError({ cause: signal.reason });
}
