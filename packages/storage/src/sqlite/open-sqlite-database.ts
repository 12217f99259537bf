import { resolve } from 'node:path';

import { InvalidArgumentError, StoreUnavailableError } from '@exai/core';
import type Database from 'better-sqlite3';

import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import { prepareDatabaseFile } from './prepare-database-file.js';
import { describeUnusableSqliteFile } from './unusable-sqlite-file.js';

export interface OpenSqliteDatabaseOptions {
  /**
   * A file path, or `:memory:`. The parent directory (mode 0700) and the file (mode 0600) are
   * created if missing.
   */
  path: string;
  busyTimeoutInMs?: number;
}

/**
 * Opens a connection the way every exai SQLite connection is set up: WAL journal,
 * `synchronous = NORMAL`, a busy timeout, foreign keys enforced, and temporary storage in memory.
 * The last keeps the statement journals of a group commit's savepoints (one per write in a batch)
 * in memory: on disk, past 64 KiB, each became a temporary file written page by page, most of
 * a batch's system calls.
 */
export function openSqliteDatabase({
  path,
  busyTimeoutInMs = 5000,
}: OpenSqliteDatabaseOptions): Database.Database {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new InvalidArgumentError({
      argument: 'path',
      message: 'path must name a database file, or be ":memory:".',
    });
  }
  if (!Number.isSafeInteger(busyTimeoutInMs) || busyTimeoutInMs < 0) {
    throw new InvalidArgumentError({
      argument: 'busyTimeoutInMs',
      message: `busyTimeoutInMs must be a whole number of milliseconds, not ${busyTimeoutInMs}.`,
    });
  }
  // Outside the try: a driver that cannot load is its own error, not a database that cannot open.
  const DatabaseConstructor = loadBetterSqlite3();
  const memory = path === ':memory:';
  const filename = memory ? path : resolve(path);
  let database: Database.Database | undefined;
  if (!memory) prepareDatabaseFile(filename);
  try {
    database = new DatabaseConstructor(filename, { timeout: busyTimeoutInMs });
    database.pragma(`busy_timeout = ${busyTimeoutInMs}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('temp_store = MEMORY');
    return database;
  } catch (error) {
    database?.close();
    // A file that is damaged or not a database says what to do; anything else, what SQLite said.
    const unusable = describeUnusableSqliteFile(String((error as { code?: unknown }).code ?? ''), 'it');
    const reason =
      unusable === undefined ? (error instanceof Error ? error.message : String(error)) : `${unusable}.`;
    throw new StoreUnavailableError({
      store: 'sqlite',
      message: `Cannot open the SQLite database ${filename}: ${reason}`,
      cause: error,
      ...(unusable !== undefined && { isRetryable: false }),
    });
  }
}
