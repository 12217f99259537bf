import pRetry, { type RetryContext } from 'p-retry';
import { ApiCallError, ExaiError } from '../errors/index.js';
import { emitEvent, type TransportCall } from './transport-call.js';
import type { TransportRetrySettings } from './transport.js';

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retriesDone)]. */
export function fullJitterDelay(
  retriesDone: number,
  { baseDelayInMs, maxDelayInMs }: Pick<TransportRetrySettings, 'baseDelayInMs' | 'maxDelayInMs'>,
  random: () => number = Math.random,
): number {
  return random() * Math.min(maxDelayInMs, baseDelayInMs * 2 ** retriesDone);
}

/**
 * Runs a call's attempts with p-retry. Only errors flagged `isRetryable` are repeated (network
 * errors, connect/first-byte timeouts, 408/409/429/5xx); an upstream `Retry-After` replaces the
 * jittered delay, and a wait that would not fit in the retry budget or the total deadline ends the
 * call at once with the last error. p-retry awaits `onFailedAttempt` before `shouldRetry`, so the
 * waiting happens in `shouldRetry` (and p-retry's own delay is zero).
 */
export async function runWithRetries<T>(call: TransportCall<T>): Promise<T> {
  const { maxRetries, budgetInMs } = call.context.retry;
  if (call.options.retry === false || maxRetries === 0) return call.fireAttempt();
  try {
    // The first attempt runs outside p-retry: a p-retry call costs several microseconds, which the
    // hot path (almost every call succeeds first time) cannot afford. p-retry takes over from here.
    return await call.fireAttempt();
  } catch (error) {
    if (!(await waitBeforeRetry(call, error, 1, 0))) throw error;
  }
  return pRetry(() => call.fireAttempt(), {
    retries: maxRetries - 1,
    minTimeout: 0,
    maxTimeout: 0,
    maxRetryTime: Math.max(0, budgetInMs - (performance.now() - call.firstAttemptAt)),
    shouldRetry: ({ error, attemptNumber, retriesConsumed }: RetryContext) =>
      waitBeforeRetry(call, error, attemptNumber + 1, retriesConsumed + 1),
  });
}

/**
 * Decides whether to retry after the given failed attempt and, if so, waits. Returns false (and p-retry
 * rethrows the error) when the error is not retryable or the wait would not fit.
 */
async function waitBeforeRetry<T>(
  call: TransportCall<T>,
  error: unknown,
  attemptNumber: number,
  retriesConsumed: number,
): Promise<boolean> {
  call.lastError = error;
  if (!ExaiError.isInstance(error) || !error.isRetryable || call.abortError !== undefined) return false;
  const { retry } = call.context;
  const now = performance.now();
  const remainingInMs = Math.min(retry.budgetInMs - (now - call.firstAttemptAt), call.deadlineAt - now);
  const retryAfterInMs = ApiCallError.isInstance(error) ? error.retryAfterInMs : undefined;
  const delayInMs = retryAfterInMs ?? fullJitterDelay(retriesConsumed, retry);
  if (delayInMs >= remainingInMs) return false;
  if (call.context.onEvent !== undefined) {
    const target = call.options.target;
    emitEvent(call.context, { type: 'retry', target, attempt: attemptNumber + 1, delayInMs, error });
  }
  if (delayInMs > 0) await call.sleep(delayInMs);
  return true;
}
