import { InvalidArgumentError } from '@exai/core';
import { withStoreInputChecks } from '@exai/core/internal';

import { AUTOMATIC_MIGRATION_AUDIT, assertMigrationsCurrent, migrate } from '../migrations/index.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { mapSqliteError } from './sqlite-errors.js';
import { sqliteMigrationDriver } from './sqlite-migration-driver.js';
import { sqliteMigrations } from './sqlite-migrations.js';
import { SqliteSessionStoreImpl, type SqliteSessionStore } from './sqlite-session-store.js';

export interface SqliteSessionStoreOptions {
  /** The database file (its parent directory is created, mode 0700), or `:memory:`. See `defaultSqlitePath`. */
  path: string;
  /**
   * How long a write waits for another process's write to finish (default 5000). The wait never
   * blocks the event loop: the write is tried again on timers until this much time has passed.
   */
  busyTimeoutInMs?: number;
  /**
   * Apply pending migrations when opening (default true). When false and the schema is behind,
   * opening throws `MigrationPendingError`, telling the user to run `exai migrate up`.
   */
  migrate?: boolean;
  /** The clock; for tests. */
  now?: () => Date;
  /**
   * After this many turn commits and audit appends, WAL checkpoints move from the committing
   * thread to a worker thread with its own connection (default 200; `Infinity` never). A serving
   * daemon gets there within seconds; a one-shot command never starts the worker.
   */
  checkpointInWorkerAfterWrites?: number;
}

/**
 * Opens (creating if needed) the SQLite session store: one connection in WAL mode, so one
 * writer per store; other processes may open the same file and wait their turn.
 */
export async function createSqliteSessionStore({
  path,
  busyTimeoutInMs = 5000,
  migrate: shouldMigrate = true,
  now = () => new Date(),
  checkpointInWorkerAfterWrites = 200,
}: SqliteSessionStoreOptions): Promise<SqliteSessionStore> {
  const clock = (): Date => {
    const time = now();
    if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
      throw new InvalidArgumentError({
        argument: 'now',
        message: 'The `now` option must return a valid Date.',
      });
    }
    return new Date(time.getTime());
  };
  const database = openSqliteDatabase({ path, busyTimeoutInMs });
  // Lock waits happen on timers in the store (sqlite-lock-wait.ts), never inside a synchronous call.
  database.pragma('busy_timeout = 0');
  try {
    const driver = sqliteMigrationDriver(database, { now: clock });
    // Recorded like `exai migrate up`; a record that cannot be written (`auditError`) does not
    // keep the store from opening: the run itself is in exai_migrations, with its time.
    if (shouldMigrate) {
      await migrate(driver, sqliteMigrations, { direction: 'up', audit: AUTOMATIC_MIGRATION_AUDIT });
    } else await assertMigrationsCurrent(driver, sqliteMigrations);
    return withStoreInputChecks(
      new SqliteSessionStoreImpl(
        database,
        database.memory ? ':memory:' : database.name,
        busyTimeoutInMs,
        clock,
        checkpointInWorkerAfterWrites,
      ),
    );
  } catch (error) {
    database.close();
    throw mapSqliteError(error);
  }
}
