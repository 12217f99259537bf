/**
 * The settings of exai's one resilience module: the retry runner and the circuit breaker that the
 * HTTP transport (providers) and the PostgreSQL store both use. Each user has its own defaults.
 */

export interface RetrySettings {
  /** Retries after the first attempt (`Infinity` allowed: the budget then ends the retries). */
  maxRetries: number;
  /** Full-jitter backoff: each delay is uniform in [0, min(maxDelayInMs, baseDelayInMs * 2^n)]. */
  baseDelayInMs: number;
  maxDelayInMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  budgetInMs: number;
}

export interface BreakerSettings {
  /** Failures (as a percentage of calls in the rolling window) that open the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the window before the percentage is judged. */
  volumeThreshold: number;
  rollingWindowInMs: number;
  /** How long the circuit stays open before one probe call is let through (half-open). */
  resetTimeoutInMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerStatus {
  key: string;
  state: CircuitState;
  /** Failures and successes counted in the current rolling window. */
  failures: number;
  successes: number;
}

/**
 * The HTTP transport's retry defaults (the PostgreSQL store has its own, shorter ones). The
 * budget outlasts the transport's longest per-attempt timeout (first byte, 120 s) plus the longest
 * backoff, so a timed-out attempt is retried at least once.
 */
export const defaultRetrySettings: Readonly<RetrySettings> = Object.freeze({
  maxRetries: 2,
  baseDelayInMs: 250,
  maxDelayInMs: 8_000,
  budgetInMs: 150_000,
});

/** The HTTP transport's breaker defaults (the PostgreSQL store has its own, shorter ones). */
export const defaultBreakerSettings: Readonly<BreakerSettings> = Object.freeze({
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingWindowInMs: 30_000,
  resetTimeoutInMs: 30_000,
});
