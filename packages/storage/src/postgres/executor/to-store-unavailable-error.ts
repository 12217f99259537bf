import { StoreUnavailableError } from '@exai/core';
import type { PostgresTarget } from './describe-postgres-target.js';

const store = 'postgres';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server could not be reached, or kept failing after the retries. */
export function unreachableError(target: PostgresTarget, cause: unknown): StoreUnavailableError {
  const database = target.database === undefined ? '' : ` (database "${target.database}")`;
  return new StoreUnavailableError({
    store,
    cause,
    message:
      `PostgreSQL at ${target.address}${database} is unavailable: ${reason(cause)}. ` +
      'Check that the server is running and reachable from this host (firewall, DNS), that the connection ' +
      'string (host, port, user, password, database, sslmode) is right, and that the server or pooler accepts ' +
      'more connections (max_connections, pool size).',
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
