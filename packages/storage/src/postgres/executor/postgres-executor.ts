import { ExaiError, InvalidArgumentError } from '@exai/core';
import { CircuitBreaker, runWithRetries } from '@exai/core/internal';
import type pg from 'pg';
import {
  isQueryReadTimeout,
  isRolledBackByServer,
  isStatementTimeout,
  isTransientPostgresError,
  sqlState,
} from './classify-postgres-error.js';
import type { PostgresTarget } from './describe-postgres-target.js';
import { guardConnection, runPooledAttempt, type AttemptState, type AttemptWork } from './pooled-attempt.js';
import {
  defaultPostgresBreaker,
  defaultPostgresRetry,
  type PostgresBreakerSettings,
  type PostgresCircuitState,
  type PostgresPoolMode,
  type PostgresRetrySettings,
  type PostgresStoreEvent,
} from './postgres-executor-settings.js';
import { statementBounds } from './statement-bounds.js';
import {
  accessRefusedError,
  circuitOpenError,
  clientTimeoutError,
  closedStoreError,
  isAccessRefused,
  statementTimeoutError,
  unreachableError,
} from './to-store-unavailable-error.js';

/** What query code needs from a connection. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface ReservedConnection extends Queryable {
  release(): void;
}

export interface RunOptions {
  /**
   * Whether running the work twice is harmless. A failure after a statement was sent outside a
   * transaction, or while committing, leaves its outcome unknown; only idempotent work is retried then.
   */
  idempotent?: boolean;
}

export interface PostgresExecutor {
  /** One statement on a pooled connection (autocommit), with retries and the breaker. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
    options?: RunOptions,
  ): Promise<pg.QueryResult<R>>;
  /** `fn` inside BEGIN…COMMIT on one connection; a transient failure runs the whole transaction again. */
  transaction<T>(fn: (client: Queryable) => Promise<T>, options?: RunOptions): Promise<T>;
  /** A connection of its own (for a long read such as an export); the caller must release it. */
  reserve(): Promise<ReservedConnection>;
  readonly circuitState: PostgresCircuitState;
  /** Maps a failure to the store's errors (`StoreUnavailableError`); other errors come back unchanged. */
  toStoreError(error: unknown): unknown;
  shutdown(): void;
}

export interface PostgresExecutorOptions {
  pool: pg.Pool;
  target: PostgresTarget;
  statementTimeoutInMs: number;
  /** How `statementTimeoutInMs` is kept (default `session`); see `statementBounds`. */
  poolMode?: PostgresPoolMode;
  /** Retries of transient failures (default `defaultPostgresRetry`). */
  retry?: Partial<PostgresRetrySettings>;
  /** The circuit breaker around the pool (default `defaultPostgresBreaker`). */
  breaker?: Partial<PostgresBreakerSettings>;
  onEvent?: (event: PostgresStoreEvent) => void;
  random?: () => number;
}

/**
 * Runs statements on the pool. Every statement is a plain parameterised query (unnamed, never a
 * named prepared statement), so the store works behind PgBouncer or Supabase's transaction-mode
 * pooler, where a named statement prepared on one server connection is missing on the next.
 */
export function createPostgresExecutor(options: PostgresExecutorOptions): PostgresExecutor {
  const { pool, target, statementTimeoutInMs, poolMode = 'session', onEvent, random = Math.random } = options;
  const retry = { ...defaultPostgresRetry, ...options.retry };
  const bounds = statementBounds(poolMode, statementTimeoutInMs);
  const connectFailures = new WeakSet<object>();
  const markConnectFailure = (error: unknown): void => {
    // A refused login or a missing database is no outage: the breaker stays as it is.
    if (typeof error === 'object' && error !== null && !isAccessRefused(sqlState(error))) {
      connectFailures.add(error);
    }
  };
  const isOutage = (error: unknown): boolean =>
    isTransientPostgresError(error) ||
    (typeof error === 'object' && error !== null && connectFailures.has(error));
  // The shared breaker (opossum); only outages count as failures.
  const breaker = new CircuitBreaker({
    key: 'postgres',
    settings: { ...defaultPostgresBreaker, ...options.breaker },
    isFailure: isOutage,
    openError: ({ retryAfterInMs, cause }) => circuitOpenError(target, retryAfterInMs, cause),
    onStateChange: (state) => onEvent?.({ type: 'circuit-state', state }),
  });

  let closed = false;

  const toStoreError = (error: unknown): unknown => {
    if (ExaiError.isInstance(error)) return error;
    const state = sqlState(error);
    if (isAccessRefused(state)) return accessRefusedError(target, error);
    // Class 22 (data exception): a value the server cannot take, e.g. a NUL character in text.
    if (state?.startsWith('22') === true) {
      return new InvalidArgumentError({
        argument: 'value',
        message: `PostgreSQL refused a value: ${(error as Error).message}.`,
        cause: error,
      });
    }
    if (isStatementTimeout(error)) return statementTimeoutError(target, statementTimeoutInMs, error);
    if (isQueryReadTimeout(error)) return clientTimeoutError(target, statementTimeoutInMs, error);
    return isOutage(error) ? unreachableError(target, error) : error;
  };

  /**
   * Runs `work` with the shared retry runner: each attempt on a pooled connection through the
   * breaker, a transient failure repeated only when nothing was applied, the work is idempotent, or
   * the server rolled it back (never work whose outcome is unknown).
   */
  async function run<T>(
    work: AttemptWork<T>,
    { idempotent = false }: RunOptions,
    keepClient = false,
  ): Promise<T> {
    let state: AttemptState = { phase: 'connect' };
    let lastError: unknown;
    const attemptOptions = { keepClient, onConnectFailure: markConnectFailure };
    try {
      return await runWithRetries({
        retry,
        random,
        attempt: () => {
          if (closed) throw closedStoreError(target);
          const attemptState: AttemptState = (state = { phase: 'connect' });
          const runAttempt = () => runPooledAttempt(pool, work, attemptState, attemptOptions);
          return breaker.fire({ runAttempt, circuitProbe: false }, lastError);
        },
        shouldRetry: (error) => {
          lastError = error;
          const applied = state.phase === 'statement' || state.phase === 'commit';
          const safe = !applied || idempotent || isRolledBackByServer(error);
          return safe && isTransientPostgresError(error);
        },
        onRetry: ({ attempt, delayInMs, error }) => onEvent?.({ type: 'retry', attempt, delayInMs, error }),
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  return {
    query: (text, values, runOptions = {}) =>
      run((client, state) => {
        state.phase = 'statement';
        return bounds.standalone(client, text, values);
      }, runOptions),
    transaction: (fn, runOptions = {}) =>
      run(async (client, state) => {
        await client.query(bounds.begin);
        state.phase = 'transaction';
        const result = await fn(client);
        state.phase = 'commit';
        await client.query('commit');
        return result;
      }, runOptions),
    async reserve() {
      const client = await run(async (connected) => connected, {}, true);
      const guard = guardConnection(client);
      return {
        query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
          bounds.send<R>(client, text, values).catch((error: unknown) => {
            if (isTransientPostgresError(error) || isQueryReadTimeout(error)) guard.markBroken(error);
            throw toStoreError(error);
          }),
        release: guard.release,
      };
    },
    get circuitState() {
      return breaker.state;
    },
    toStoreError,
    shutdown: () => {
      closed = true;
      breaker.shutdown();
    },
  };
}
