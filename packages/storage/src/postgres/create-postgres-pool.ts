import pg from 'pg';
import type { PostgresPoolMode } from './executor/postgres-executor-settings.js';
import type { PostgresPoolOptions } from './postgres-session-store-options.js';

export interface CreatePostgresPoolOptions {
  connectionString: string;
  schema: string;
  pool?: PostgresPoolOptions;
  statementTimeoutInMs: number;
  /** Default `session`. */
  poolMode?: PostgresPoolMode;
}

/**
 * A pool whose every connection starts with `search_path` on the store's schema and the statement
 * timeout, both sent as startup options (so they hold on every server connection a session-mode
 * pooler hands out). The schema name is checked by `assertSchemaName` first: it needs no escaping
 * here. In `transaction` pool mode no startup options are sent — such poolers refuse or drop
 * them — so the schema is the server's default (`public`) and the executor applies the timeout.
 */
export function createPostgresPool({
  connectionString,
  schema,
  pool: { max = 10, idleTimeoutInMs = 10_000, connectionTimeoutInMs = 5_000 } = {},
  statementTimeoutInMs,
  poolMode = 'session',
}: CreatePostgresPoolOptions): pg.Pool {
  const timeoutInMs = Math.max(0, Math.round(statementTimeoutInMs));
  return new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: idleTimeoutInMs,
    connectionTimeoutMillis: connectionTimeoutInMs,
    keepAlive: true,
    application_name: 'exai',
    options:
      poolMode === 'transaction' ? undefined : `-c search_path=${schema} -c statement_timeout=${timeoutInMs}`,
  });
}
