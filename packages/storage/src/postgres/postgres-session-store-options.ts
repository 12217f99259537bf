import type { SessionStoreV1 } from '@exai/core';
import type { Migration, StoreMigrationChain } from '../migrations/index.js';
import type {
  PostgresBreakerSettings,
  PostgresCircuitState,
  PostgresPoolMode,
  PostgresRetrySettings,
  PostgresStoreEvent,
} from './executor/postgres-executor-settings.js';

export interface PostgresPoolOptions {
  /** Connections the pool may open (default 10). Behind a pooler, keep it within the pooler's limit. */
  max?: number;
  /** How long an unused connection stays open (default 10 000 ms). */
  idleTimeoutInMs?: number;
  /** How long to wait for a connection, new or from the pool (default 5 000 ms). */
  connectionTimeoutInMs?: number;
}

export interface PostgresSessionStoreOptions {
  /** `postgres://user:password@host:5432/database` — any PostgreSQL, including a Supabase project's. */
  connectionString: string;
  /**
   * The schema holding the tables (default `public`); created when missing and migrating. Must be
   * `public` when `poolMode` is `transaction`.
   */
  schema?: string;
  pool?: PostgresPoolOptions;
  /**
   * Set as `statement_timeout` on every connection (default 10 000 ms). With `poolMode:
   * 'transaction'`, set per transaction (`SET LOCAL`), and kept by the client for other statements.
   */
  statementTimeoutInMs?: number;
  /**
   * `session` (default) for a direct connection or a session-mode pooler. `transaction` for
   * PgBouncer or Supavisor in transaction mode, e.g. Supabase's pooler on port 6543: no startup
   * options are sent, the schema must be `public`, and migrations must have been applied over a
   * direct connection (`migrate: true` is refused).
   */
  poolMode?: PostgresPoolMode;
  /**
   * Apply pending migrations when opening (default true; false with `poolMode: 'transaction'`);
   * when false, opening fails unless the schema is current.
   */
  migrate?: boolean;
  /** The migration chain (default `postgresMigrations`); an adapter that adds steps passes the longer chain. */
  migrations?: readonly Migration[];
  /**
   * Other stores' chains on PostgreSQL (default none; `openSessionStore` passes the Supabase
   * store's): a schema one of them migrated is refused with `MigrationOtherStoreError`, saying to
   * open it as that store, rather than taken for one a newer exai migrated.
   */
  otherMigrationChains?: readonly StoreMigrationChain[];
  /** The clock for the times the store writes (default `new Date()`). */
  now?: () => Date;
  /** Retries of transient failures (default 3 retries, 50 ms base, 1 000 ms cap, full jitter). */
  retry?: Partial<PostgresRetrySettings>;
  /** The circuit breaker around the pool (default: opens at 50 % failed of ≥ 5 attempts in 10 s, probes after 5 s). */
  breaker?: Partial<PostgresBreakerSettings>;
  onEvent?: (event: PostgresStoreEvent) => void;
}

export interface PostgresSessionStore extends SessionStoreV1 {
  readonly kind: 'postgres';
  readonly schema: string;
  /** The circuit breaker's state: `open` while calls fail fast. */
  readonly circuitState: PostgresCircuitState;
}
