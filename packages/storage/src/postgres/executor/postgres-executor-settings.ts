export type PostgresCircuitState = 'closed' | 'open' | 'half-open';

/**
 * How the server connections behind the connection string are shared. `session` (a direct
 * connection or a session-mode pooler): each connection keeps its session settings.
 * `transaction` (PgBouncer or Supavisor in transaction mode, such as Supabase's pooler on port
 * 6543): a connection is the client's only for one transaction, so no session setting holds.
 */
export type PostgresPoolMode = 'session' | 'transaction';

export interface PostgresRetrySettings {
  /** Retries after the first attempt of a call that failed transiently. */
  maxRetries: number;
  /** Full-jitter backoff: each delay is uniform in [0, min(maxDelayInMs, baseDelayInMs * 2^n)]. */
  baseDelayInMs: number;
  maxDelayInMs: number;
}

export interface PostgresBreakerSettings {
  /** Failed attempts (as a percentage of attempts in the rolling window) that open the circuit. */
  errorThresholdPercentage: number;
  /** Attempts in the window before the percentage is judged. */
  volumeThreshold: number;
  rollingWindowInMs: number;
  /** How long the circuit stays open before one probe call is let through. */
  resetTimeoutInMs: number;
}

export const defaultPostgresRetry: PostgresRetrySettings = {
  maxRetries: 3,
  baseDelayInMs: 50,
  maxDelayInMs: 1_000,
};

export const defaultPostgresBreaker: PostgresBreakerSettings = {
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingWindowInMs: 10_000,
  resetTimeoutInMs: 5_000,
};

/** What the store reports to `onEvent`: retries, breaker transitions, broken idle connections, migration steps. */
export type PostgresStoreEvent =
  | { type: 'retry'; attempt: number; delayInMs: number; error: unknown }
  | { type: 'circuit-state'; state: PostgresCircuitState }
  | { type: 'connection-error'; error: unknown }
  | { type: 'migration'; version: number; name: string; direction: 'up' | 'down' };
