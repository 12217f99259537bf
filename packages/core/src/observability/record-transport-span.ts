import { recordingSpan, errorTypeOf } from './exai-tracer.js';

/**
 * What the transport adds to the provider-attempt span its caller started (see
 * `traceModelAttempt`): each retry as a span event and the resend count, and the HTTP status the
 * call ended with. Both are no-ops while no OpenTelemetry SDK is registered.
 */
export function recordRetryOnSpan(
  resendCount: number,
  attempt: number,
  delayInMs: number,
  error: unknown,
): void {
  const span = recordingSpan();
  if (span === undefined) return;
  span.setAttribute('http.request.resend_count', resendCount);
  span.addEvent('retry', {
    'exai.retry.attempt': attempt,
    'exai.retry.delay_ms': delayInMs,
    'error.type': errorTypeOf(error),
  });
}

export function recordStatusOnSpan(status: number | undefined): void {
  if (status === undefined) return;
  recordingSpan()?.setAttribute('http.response.status_code', status);
}
