import { ApiCallError, ExaiError } from '../errors/index.js';
import { type RetryTask, runWithRetries as runTaskWithRetries } from '../resilience/run-with-retries.js';
import type { RetrySettings } from '../resilience/resilience-settings.js';
import { recordRetryOnSpan } from '../observability/record-transport-span.js';
import { emitTelemetry } from '../observability/telemetry-events.js';
import { emitEvent, type TransportCall } from './transport-call.js';

export { fullJitterDelay } from '../resilience/run-with-retries.js';

/**
 * Runs a call's attempts with the shared retry runner. Only errors flagged `isRetryable` are
 * repeated (network errors, connect/first-byte timeouts, 408/409/429/5xx), never after the call
 * was aborted or ran out of total time; an upstream `Retry-After` replaces the jittered delay, and
 * a wait that would not fit in the retry budget or the total deadline ends the call at once.
 */
export function runWithRetries<T>(call: TransportCall<T>): Promise<T> {
  if (call.options.retry === false || call.context.retry.maxRetries === 0) return call.fireAttempt();
  return runTaskWithRetries(new TransportRetryTask(call));
}

/** The transport's side of the retry runner: one small object per call, methods on the prototype. */
class TransportRetryTask<T> implements RetryTask<T> {
  readonly retry: RetrySettings;
  /** Retries so far (the span's `http.request.resend_count`). */
  private retries = 0;

  constructor(private readonly call: TransportCall<T>) {
    this.retry = call.context.retry;
  }

  attempt(): Promise<T> {
    return this.call.fireAttempt();
  }

  shouldRetry(error: unknown): boolean {
    this.call.lastError = error;
    return ExaiError.isInstance(error) && error.isRetryable && this.call.abortError === undefined;
  }

  retryAfterInMs(error: unknown): number | undefined {
    return ApiCallError.isInstance(error) ? error.retryAfterInMs : undefined;
  }

  remainingInMs(): number {
    return this.call.deadlineAt - performance.now();
  }

  onRetry({ attempt, delayInMs, error }: { attempt: number; delayInMs: number; error: unknown }): void {
    const { context, options } = this.call;
    this.retries += 1;
    recordRetryOnSpan(this.retries, attempt, delayInMs, error);
    if (context.onEvent !== undefined) {
      emitEvent(context, { type: 'retry', target: options.target, attempt, delayInMs, error });
    } else {
      // `emitEvent` emits it too: a transport without an observer still counts in the metrics.
      emitTelemetry({ type: 'provider-retry', provider: options.target.provider });
    }
  }

  sleep(delayInMs: number): Promise<void> {
    return this.call.sleep(delayInMs);
  }
}
