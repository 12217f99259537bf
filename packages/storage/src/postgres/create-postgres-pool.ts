import pg from 'pg';
import type { PostgresPoolOptions } from './postgres-session-store-options.js';

export interface CreatePostgresPoolOptions {
  connectionString: string;
  schema: string;
  pool?: PostgresPoolOptions;
  statementTimeoutInMs: number;
}

/**
 * A pool whose every connection starts with `search_path` on the store's schema and the statement
 * timeout, both sent as startup options (so they hold on every server connection a pooler hands out).
 * The schema name is checked by `assertSchemaName` first: it needs no escaping here.
 */
export function createPostgresPool({
  connectionString,
  schema,
  pool: { max = 10, idleTimeoutInMs = 10_000, connectionTimeoutInMs = 5_000 } = {},
  statementTimeoutInMs,
}: CreatePostgresPoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: idleTimeoutInMs,
    connectionTimeoutMillis: connectionTimeoutInMs,
    keepAlive: true,
    application_name: 'exai',
    options: `-c search_path=${schema} -c statement_timeout=${Math.max(0, Math.round(statementTimeoutInMs))}`,
  });
}
