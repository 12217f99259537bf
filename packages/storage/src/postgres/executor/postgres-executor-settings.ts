import type { BreakerSettings, CircuitState, RetrySettings } from '@exai/core/internal';

/** The store's breaker and retries are the shared ones of `@exai/core` (its resilience module). */
export type PostgresCircuitState = CircuitState;

/**
 * How the server connections behind the connection string are shared. `session` (a direct
 * connection or a session-mode pooler): each connection keeps its session settings.
 * `transaction` (PgBouncer or Supavisor in transaction mode, such as Supabase's pooler on port
 * 6543): a connection is the client's only for one transaction, so no session setting holds.
 */
export type PostgresPoolMode = 'session' | 'transaction';

/** `maxRetries`, `baseDelayInMs`, `maxDelayInMs` (full jitter) and `budgetInMs`. */
export type PostgresRetrySettings = RetrySettings;

/** `errorThresholdPercentage`, `volumeThreshold`, `rollingWindowInMs`, `resetTimeoutInMs`. */
export type PostgresBreakerSettings = BreakerSettings;

export const defaultPostgresRetry: PostgresRetrySettings = {
  maxRetries: 3,
  baseDelayInMs: 50,
  maxDelayInMs: 1_000,
  budgetInMs: 30_000,
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
