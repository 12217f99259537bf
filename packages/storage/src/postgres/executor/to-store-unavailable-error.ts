import { StoreUnavailableError } from '@exai/core';
import type { PostgresTarget } from './describe-postgres-target.js';

const store = 'postgres';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a transaction-mode pooler answers to the startup options of a session-mode pool. */
const refusedStartupOptions = /unsupported startup parameter/i;

/** The server could not be reached, or kept failing after the retries. */
export function unreachableError(target: PostgresTarget, cause: unknown): StoreUnavailableError {
  const database = target.database === undefined ? '' : ` (database "${target.database}")`;
  const check = refusedStartupOptions.test(reason(cause))
    ? 'A transaction-mode pooler (PgBouncer, Supavisor, Supabase on port 6543) refuses the startup options ' +
      "that set search_path and statement_timeout: open the store with poolMode: 'transaction' " +
      '(EXAI_PG_POOL_MODE=transaction for the exai command), or use a direct or session-mode connection string.'
    : 'Check that the server is running and reachable from this host (firewall, DNS), that the connection ' +
      'string (host, port, user, password, database, sslmode) is right, and that the server or pooler accepts ' +
      'more connections (max_connections, pool size).';
  return new StoreUnavailableError({
    store,
    cause,
    message: `PostgreSQL at ${target.address}${database} is unavailable: ${reason(cause)}. ${check}`,
  });
}

/** The breaker is open: the call was not sent. */
export function circuitOpenError(
  target: PostgresTarget,
  retryAfterInMs: number,
  cause: unknown,
): StoreUnavailableError {
  return new StoreUnavailableError({
    store,
    cause,
    message:
      `PostgreSQL at ${target.address} is unavailable: the circuit is open after repeated connection failures, ` +
      `so the call was not sent; the next probe is allowed in about ${Math.ceil(retryAfterInMs / 1000)} s. ` +
      'Check that the server is running and reachable from this host.',
  });
}

/** `statement_timeout` cancelled a statement. */
export function statementTimeoutError(
  target: PostgresTarget,
  statementTimeoutInMs: number,
  cause: unknown,
): StoreUnavailableError {
  return new StoreUnavailableError({
    store,
    cause,
    message:
      `PostgreSQL at ${target.address} did not finish a statement within the statement timeout ` +
      `(${statementTimeoutInMs} ms) and cancelled it. Check the server's load and locks held by other ` +
      'sessions (pg_stat_activity), or raise statementTimeoutInMs.',
  });
}

/**
 * The client stopped waiting for a statement a second past its statement timeout (transaction
 * pool mode): the server did not answer, not even with its own cancellation, so the connection
 * or the server is likely gone. Nothing was committed: every statement runs in a transaction.
 */
export function clientTimeoutError(
  target: PostgresTarget,
  statementTimeoutInMs: number,
  cause: unknown,
): StoreUnavailableError {
  return new StoreUnavailableError({
    store,
    cause,
    message:
      `PostgreSQL at ${target.address} did not answer a statement within the statement timeout ` +
      `(${statementTimeoutInMs} ms), nor cancelled it; the store stopped waiting and closed the connection ` +
      '(nothing was committed). Check that the pooler and the server are up and not overloaded ' +
      '(pg_stat_activity), or raise statementTimeoutInMs.',
  });
}

/** Whether the server refused the login (SQLSTATE class 28) or has no such database (3D000). */
export function isAccessRefused(state: string | undefined): boolean {
  return state !== undefined && (state.startsWith('28') || state === '3D000');
}

/** The server refused the login or has no such database: retrying will not help. */
export function accessRefusedError(target: PostgresTarget, cause: unknown): StoreUnavailableError {
  const database = target.database === undefined ? '' : ` (database "${target.database}")`;
  return new StoreUnavailableError({
    store,
    cause,
    message:
      `PostgreSQL at ${target.address}${database} refused the connection: ${reason(cause)}. ` +
      'Check the user, password and database name in the connection string, and that the database exists.',
  });
}

/** The store was closed: the call was not sent. */
export function closedStoreError(target: PostgresTarget): StoreUnavailableError {
  return new StoreUnavailableError({
    store,
    message: `PostgreSQL store at ${target.address}: the store is closed, so the call was not sent.`,
  });
}
