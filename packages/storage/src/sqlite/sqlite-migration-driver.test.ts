import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { StoreUnavailableError } from '@exai/core';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import {
  migrate,
  migrationStatus,
  MigrationChecksumError,
  MigrationFailedError,
  MigrationUnknownVersionError,
  type Migration,
} from '../migrations/index.js';
import { createSqliteSessionStore } from './create-sqlite-session-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { sqliteMigrationDriver } from './sqlite-migration-driver.js';
import { sqliteMigrations } from './sqlite-migrations.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-migrations-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

const open: Database.Database[] = [];
afterEach(() => {
  for (const database of open.splice(0)) if (database.open) database.close();
});

function connect(path = join(tmpDir, `${randomUUID()}.db`)): Database.Database {
  const database = openSqliteDatabase({ path });
  open.push(database);
  return database;
}

function schema(database: Database.Database): string[] {
  return (
    database.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all() as object[]
  ).map((row) => JSON.stringify(row));
}

const versions = sqliteMigrations.map((migration) => migration.version);
const latest = versions.length;
const pinnedColumn: Migration = {
  version: latest + 1,
  name: 'threads-pinned',
  up: 'ALTER TABLE threads ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;',
  down: 'ALTER TABLE threads DROP COLUMN pinned;',
};

describe('SQLite migrations', () => {
  it('migrate up, down to 0 and up again gives the same schema; down drops everything', async () => {
    const database = connect();
    const driver = sqliteMigrationDriver(database);
    expect(await migrate(driver, sqliteMigrations, { direction: 'up' })).toEqual({
      applied: versions,
      reverted: [],
    });
    const first = schema(database);
    expect(first.join('\n')).toMatch(/threads_tenant_updated_idx/);
    expect(first.join('\n')).toMatch(/threads_expires_at_idx.*WHERE expires_at IS NOT NULL/);
    expect(database.prepare('SELECT id FROM tenants').pluck().all()).toEqual(['default']);

    expect(await migrate(driver, sqliteMigrations, { direction: 'down', to: 0 })).toEqual({
      applied: [],
      reverted: [...versions].reverse(),
    });
    expect(schema(database).map((row) => JSON.parse(row).name)).toEqual(['exai_migrations']);
    await migrate(driver, sqliteMigrations, { direction: 'up' });
    expect(schema(database)).toEqual(first);
    expect(database.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps data written at version 1 through a later migration’s up and down', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const store = await createSqliteSessionStore({ path });
    await store.createThread({ tenantId: 'default', id: 'kept', title: 'Before v2', metadata: { a: 1 } });
    await store.appendTurn({ tenantId: 'default', threadId: 'kept', role: 'user', content: 'hello' });
    await store.close();

    const database = connect(path);
    const driver = sqliteMigrationDriver(database);
    const withPinned = [...sqliteMigrations, pinnedColumn];
    expect(await migrate(driver, withPinned, { direction: 'up' })).toEqual({
      applied: [latest + 1],
      reverted: [],
    });
    expect(database.prepare('SELECT id, title, pinned FROM threads').all()).toEqual([
      { id: 'kept', title: 'Before v2', pinned: 0 },
    ]);
    expect(await migrate(driver, withPinned, { direction: 'down', to: latest })).toEqual({
      applied: [],
      reverted: [latest + 1],
    });
    database.close();

    const reopened = await createSqliteSessionStore({ path });
    expect(await reopened.getThread('default', 'kept')).toMatchObject({
      title: 'Before v2',
      turnCount: 1,
      metadata: { a: 1 },
    });
    expect((await reopened.listTurns('default', 'kept')).map((turn) => turn.content)).toEqual(['hello']);
    await reopened.close();
  });

  it('refuses to migrate when an applied migration was edited', async () => {
    const database = connect();
    const driver = sqliteMigrationDriver(database);
    await migrate(driver, sqliteMigrations, { direction: 'up' });
    const edited = [
      { ...sqliteMigrations[0]!, up: `${sqliteMigrations[0]!.up}\n-- tweak` },
      ...sqliteMigrations.slice(1),
    ];
    await expect(migrate(driver, edited, { direction: 'up' })).rejects.toThrow(MigrationChecksumError);
    await expect(migrate(driver, edited, { direction: 'up' })).rejects.toThrow(
      /Migration 1 \(initial\).*never be edited/,
    );
    expect((await migrationStatus(driver, edited))[0]?.state).toBe('changed');
  });

  it('refuses to open a database migrated by a newer exai', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    await migrate(sqliteMigrationDriver(connect(path)), [...sqliteMigrations, pinnedColumn], {
      direction: 'up',
    });
    const opening = createSqliteSessionStore({ path });
    await expect(opening).rejects.toThrow(MigrationUnknownVersionError);
    await expect(createSqliteSessionStore({ path })).rejects.toThrow(
      `The database is at version ${latest + 1} but this exai knows only up to ${latest}; upgrade exai.`,
    );
  });

  it('reports status before and after migrating', async () => {
    const driver = sqliteMigrationDriver(connect());
    expect(await migrationStatus(driver, sqliteMigrations)).toEqual(
      sqliteMigrations.map(({ version, name }) => ({ version, name, state: 'pending' })),
    );
    await migrate(driver, [...sqliteMigrations, pinnedColumn], { direction: 'up', to: latest });
    const status = await migrationStatus(driver, [...sqliteMigrations, pinnedColumn]);
    expect(status.map((row) => row.state)).toEqual([...versions.map(() => 'applied'), 'pending']);
    expect(status[0]?.appliedAt).toBeInstanceOf(Date);
  });

  it('lets two runners race on one file: one applies, the other finds it applied', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const [a, b] = [connect(path), connect(path)];
    const results = await Promise.all([
      migrate(sqliteMigrationDriver(a), sqliteMigrations, { direction: 'up' }),
      migrate(sqliteMigrationDriver(b), sqliteMigrations, { direction: 'up' }),
    ]);
    expect(results.map((result) => result.applied).sort()).toEqual([[], versions]);
    const stores = await Promise.all([1, 2, 3].map(() => createSqliteSessionStore({ path })));
    await Promise.all(stores.map((store) => store.close()));
    expect(a.prepare('SELECT count(*) FROM exai_migrations').pluck().get()).toBe(latest);
  });

  it('waits for a write lock held by another connection without blocking the event loop', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const holder = connect(path);
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    setTimeout(() => holder.exec('COMMIT'), 300);
    await migrate(sqliteMigrationDriver(connect(path)), sqliteMigrations, { direction: 'up' });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);

    holder.exec('BEGIN IMMEDIATE');
    const waiting = migrate(
      sqliteMigrationDriver(connect(path), { lockTimeoutInMs: 100 }),
      sqliteMigrations,
      {
        direction: 'down',
      },
    );
    await expect(waiting).rejects.toThrow(StoreUnavailableError);
    holder.exec('ROLLBACK');
  });

  it('keeps earlier steps when one fails, rolls the failing one back whole and names it', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const broken: Migration = {
      version: latest + 2,
      name: 'broken',
      up: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);',
      down: 'DROP TABLE half_done;',
    };
    const driver = sqliteMigrationDriver(connect(path));
    const error = await migrate(driver, [...sqliteMigrations, pinnedColumn, broken], {
      direction: 'up',
    }).catch((caught: unknown) => caught);
    expect(MigrationFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ version: latest + 2, migrationName: 'broken' });
    expect((error as Error).message).toMatch(
      new RegExp(`Migration ${latest + 2} \\(broken\\) failed.*no such table: no_such_table`),
    );

    const other = connect(path);
    expect(other.prepare('SELECT version FROM exai_migrations ORDER BY version').pluck().all()).toEqual([
      ...versions,
      latest + 1,
    ]);
    expect(other.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(other.prepare('SELECT pinned FROM threads').all()).toEqual([]);
  });
});
