import { setTimeout as sleep } from 'node:timers/promises';

import { StoreUnavailableError } from '@exai/core';
import type Database from 'better-sqlite3';

import type { AppliedMigration, Migration, MigrationDriver } from '../migrations/index.js';
import { databaseLockKey, withProcessLock } from './sqlite-process-lock.js';
import { createRecordId } from '@exai/core/internal';

export interface SqliteMigrationDriverOptions {
  /** How long to wait for another process's migration run to finish. Default 60 000. */
  lockTimeoutInMs?: number;
  now?: () => Date;
}

/**
 * Runs migrations on a better-sqlite3 connection. The lock is a `BEGIN IMMEDIATE` transaction
 * (SQLite's single write lock, released by SQLite if the process dies) held for the whole run;
 * each `apply` is a savepoint inside it, so a failed step rolls back alone and the steps before
 * it are committed when the run ends. Do not use the connection for anything else meanwhile.
 */
export function sqliteMigrationDriver(
  database: Database.Database,
  { lockTimeoutInMs = 60_000, now = () => new Date() }: SqliteMigrationDriverOptions = {},
): MigrationDriver {
  const tableExists = (): boolean =>
    database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exai_migrations'")
      .get() !== undefined;

  return {
    dialect: 'sqlite',
    withLock: (fn) =>
      withProcessLock(databaseLockKey(database), async () => {
        await beginImmediate(database, lockTimeoutInMs);
        try {
          return await fn();
        } finally {
          // Commits the steps that succeeded, also when a later one failed.
          commitOrRollBack(database);
        }
      }),
    ensureMigrationsTable: async () => {
      database.exec(
        'CREATE TABLE IF NOT EXISTS exai_migrations (version INTEGER NOT NULL PRIMARY KEY, ' +
          'name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
    },
    listApplied: async () => {
      if (!tableExists()) return [];
      const rows = database
        .prepare('SELECT version, name, checksum, applied_at FROM exai_migrations ORDER BY version')
        .all() as { version: number; name: string; checksum: string; applied_at: number }[];
      return rows.map((row): AppliedMigration => ({
        version: row.version,
        name: row.name,
        checksum: row.checksum,
        appliedAt: new Date(row.applied_at),
      }));
    },
    apply: async (migration: Migration, direction, checksum) => {
      database.transaction(() => {
        database.exec(direction === 'up' ? migration.up : migration.down);
        if (direction === 'up') {
          database
            .prepare('INSERT INTO exai_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)')
            .run(migration.version, migration.name, checksum, now().getTime());
        } else {
          database.prepare('DELETE FROM exai_migrations WHERE version = ?').run(migration.version);
        }
      })();
    },
    // Inside a run, part of the run's transaction: committed with its steps.
    appendAudit: async ({ tenantId, actor, action, target, detail }) => {
      const at = now().getTime();
      database.transaction(() => {
        database
          .prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
          .run(tenantId, tenantId, at);
        database
          .prepare(
            'INSERT INTO audit_events (tenant_id, id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(tenantId, createRecordId(), at, actor, action, target, JSON.stringify(detail));
      })();
    },
  };
}

function commitOrRollBack(database: Database.Database): void {
  if (!database.inTransaction) return;
  try {
    database.exec('COMMIT');
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
}

/** Takes SQLite's write lock, polling without blocking the event loop. */
async function beginImmediate(database: Database.Database, lockTimeoutInMs: number): Promise<void> {
  const deadline = Date.now() + lockTimeoutInMs;
  const busyTimeout = database.pragma('busy_timeout', { simple: true }) as number;
  for (;;) {
    database.pragma('busy_timeout = 0');
    try {
      database.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error;
      if (Date.now() >= deadline) {
        throw new StoreUnavailableError({
          store: 'sqlite',
          message:
            `Could not take the write lock of ${database.name} within ${lockTimeoutInMs} ms to migrate it ` +
            '(another process is writing or migrating it); try again.',
          cause: error,
        });
      }
    } finally {
      database.pragma(`busy_timeout = ${busyTimeout}`);
    }
    await sleep(50);
  }
}
