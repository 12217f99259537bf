import { ExaiError } from '@exai/core';

const marker = 'exai.error.limits-unavailable';
const symbol = Symbol.for(marker);

/**
 * The shared limit counters (Redis) cannot be reached and the daemon is set to fail closed, so no
 * call is admitted until they are back.
 */
export class LimitsUnavailableError extends ExaiError {
  private readonly [symbol] = true;

  readonly retryAfterInMs: number;

  constructor({ cause, retryAfterInMs = 5_000 }: { cause?: unknown; retryAfterInMs?: number } = {}) {
    super('limits_unavailable', {
      message:
        'The shared rate-limit counters (Redis) cannot be reached, so calls are refused until they are ' +
        'back. Try again shortly; an operator can check EXAI_REDIS_URL, or set limits.redis.onUnavailable ' +
        'to "local" to apply per-replica limits during an outage.',
      cause,
      isRetryable: true,
    });
    this.name = 'LimitsUnavailableError';
    this.retryAfterInMs = retryAfterInMs;
  }

  static override isInstance(error: unknown): error is LimitsUnavailableError {
    return ExaiError.hasMarker(error, marker);
  }
}
