import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEventRecord, SessionStoreV1 } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresSessionStore } from '../postgres/create-postgres-session-store.js';
import { postgresMigrations } from '../postgres/migrations/index.js';
import { postgresMigrationDriver } from '../postgres/migrations/postgres-migration-driver.js';
import { probePostgres, useTestSchemas } from '../postgres/test-support/postgres-test-database.js';
import { createSqliteSessionStore } from '../sqlite/create-sqlite-session-store.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { sqliteMigrationDriver } from '../sqlite/sqlite-migration-driver.js';
import { sqliteMigrations } from '../sqlite/sqlite-migrations.js';
import { migrate } from './migrate.js';
import type { Migration } from './migration.js';

const versions = (migrations: readonly Migration[], from = 1) =>
  migrations.map((migration) => migration.version).filter((version) => version >= from);

/** The migration records of the local tenant's audit log, oldest first. */
async function migrationRecords(store: SessionStoreV1): Promise<AuditEventRecord[]> {
  const { items } = await store.listAudit('default');
  return items.filter((event) => event.action.startsWith('store.migrate.')).reverse();
}

/** What a store that migrated itself on opening records: what `exai migrate up` does, marked automatic. */
const automaticRecord = (applied: number[]) => ({
  tenantId: 'default',
  actor: 'store',
  action: 'store.migrate.up',
  target: applied.join(','),
  detail: { automatic: true, direction: 'up', versions: applied },
});

/**
 * The tests, for an adapter whose `open(version)` leaves a database at `version` (0: none) by a
 * migration run that recorded nothing, and returns a function opening the adapter's store on it.
 */
function describeAutomaticMigrationAudit(
  migrations: readonly Migration[],
  open: (version: number) => Promise<() => Promise<SessionStoreV1>>,
) {
  it('records nothing when it creates a new store, which starts empty', async () => {
    const reopen = await open(0);
    const store = await reopen();
    try {
      expect((await store.listAudit('default')).items).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('records the versions it applies to a store an older exai left behind, once', async () => {
    const reopen = await open(1);
    const first = await reopen();
    try {
      expect(await migrationRecords(first)).toEqual([
        expect.objectContaining(automaticRecord(versions(migrations, 2))),
      ]);
    } finally {
      await first.close();
    }
    // Nothing pending the second time: nothing more is recorded.
    const second = await reopen();
    try {
      expect(await migrationRecords(second)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
}

describe('a SQLite store applying its migrations as it opens', () => {
  const directory = mkdtempSync(join(tmpdir(), 'exai-automatic-migration-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describeAutomaticMigrationAudit(sqliteMigrations, async (version) => {
    const path = join(directory, `${randomUUID()}.db`);
    if (version > 0) {
      const database = openSqliteDatabase({ path });
      try {
        await migrate(sqliteMigrationDriver(database), sqliteMigrations, { direction: 'up', to: version });
      } finally {
        database.close();
      }
    }
    return () => createSqliteSessionStore({ path });
  });
});

const postgres = await probePostgres();

describe.skipIf(!postgres.available)('a PostgreSQL store applying its migrations as it opens', () => {
  const newSchema = useTestSchemas({ prefix: 'exai_test_automigrate' });

  describeAutomaticMigrationAudit(postgresMigrations, async (version) => {
    const { url, schema, pool } = await newSchema();
    if (version > 0) {
      await migrate(postgresMigrationDriver(pool, schema), postgresMigrations, {
        direction: 'up',
        to: version,
      });
    }
    return () => createPostgresSessionStore({ connectionString: url, schema, pool: { max: 2 } });
  });
});
