import pg from 'pg';

/** Where the store connects, for error messages: `host:port/database` (never the password). */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string | undefined;
  /** `host:port` */
  address: string;
}

/** Reads the connection string the way node-postgres does (including `PG*` environment defaults). */
export function describePostgresTarget(connectionString: string): PostgresTarget {
  // A Client that is never connected opens no socket; it is only used for its parser.
  const client = new pg.Client({ connectionString });
  const host = client.host || 'localhost';
  return { host, port: client.port, database: client.database, address: `${host}:${client.port}` };
}
