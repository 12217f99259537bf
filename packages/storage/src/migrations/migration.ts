import type { StoreMigrationChain } from './store-migration-chain.js';

/**
 * One step of a dialect's schema history. Migrations are TypeScript modules holding their SQL
 * text, so no file is looked up at run time. The SQL must not contain transaction control
 * (`BEGIN`, `COMMIT`): the driver wraps each step in its own transaction.
 */
export interface Migration {
  /** 1, 2, 3… without gaps. */
  version: number;
  /** A short kebab-case name, e.g. `initial`. */
  name: string;
  up: string;
  /** Undoes `up` completely. */
  down: string;
}

/** A row of `exai_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  /** `migrationChecksum` of the migration as it was when applied. */
  checksum: string;
  appliedAt: Date;
}

/** What the runner needs from a database; one implementation per SQL dialect. */
export interface MigrationDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs fn holding an exclusive lock across processes (sqlite: BEGIN IMMEDIATE-based lock or a lock row; postgres: pg_advisory_lock). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Creates `exai_migrations (version int primary key, name text, checksum text, applied_at)` if missing. */
  ensureMigrationsTable(): Promise<void>;
  /** The rows of `exai_migrations`, lowest version first; `[]` when the table does not exist yet. */
  listApplied(): Promise<AppliedMigration[]>;
  /** Runs the migration's up or down SQL and inserts/deletes its exai_migrations row, in ONE transaction. */
  apply(migration: Migration, direction: 'up' | 'down', checksum: string): Promise<void>;
  /**
   * Appends an event to the store's `audit_events` table (creating its tenant when missing) over
   * the driver's own connection, so `migrate` can record a run without opening the store, whose
   * schema check refuses any version but the latest. Needs the tables of migration 1. Optional:
   * a driver without it leaves runs unrecorded.
   */
  appendAudit?(event: MigrationAuditEvent): Promise<void>;
}

/** The audit event of a migration run, as `migrate` writes it through `MigrationDriver.appendAudit`. */
export interface MigrationAuditEvent {
  tenantId: string;
  actor: string;
  /** `store.migrate.up` or `store.migrate.down`. */
  action: string;
  /** The versions applied or reverted, comma-separated. */
  target: string;
  detail: Record<string, unknown>;
}

export interface MigrationStatus {
  version: number;
  name: string;
  /** `changed`: applied, but the checksum in the database differs from the code's. */
  state: 'applied' | 'pending' | 'changed';
  appliedAt?: Date;
}

export interface MigrationProgressEvent {
  version: number;
  name: string;
  direction: 'up' | 'down';
}

export interface MigrateOptions {
  direction: 'up' | 'down';
  /**
   * The version to end at. `up`: default the latest. `down`: default one step back
   * (current - 1). `0` means everything.
   */
  to?: number;
  /** Called after each step has been committed. */
  onProgress?: (event: MigrationProgressEvent) => void;
  /**
   * Record the run in the store's audit log, under this tenant and actor (see
   * `recordMigrationRun`); `detail` is added to the record's detail (a store applying its pending
   * migrations as it opens adds `{ automatic: true }`); with `exceptNew`, a run that started on a
   * database without any migration applied (a store being created) is not recorded. Default: not
   * recorded.
   */
  audit?: { tenantId: string; actor: string; detail?: Record<string, unknown>; exceptNew?: boolean };
  /**
   * Other stores' chains on the same dialect: a schema one of them migrated is refused with
   * `MigrationOtherStoreError`, which says to open it as that store.
   */
  otherChains?: readonly StoreMigrationChain[];
}

export interface MigrateResult {
  /** Versions applied, in order. */
  applied: number[];
  /** Versions reverted, in order. */
  reverted: number[];
  /** Set when `audit` was asked for and the record could not be written; the steps stay done. */
  auditError?: unknown;
}
