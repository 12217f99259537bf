import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStore, type SessionStoreV1, type StoreRecord } from '@exai/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSqliteSessionStore,
  openSqliteDatabase,
  sqliteMigrationDriver,
  sqliteMigrations,
} from '../sqlite/index.js';
import { populateStore } from '../test-support/populate-store.js';
import { checkStore } from './check-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-check-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** A store that serves a fixed list of records: stands for a custom adapter with damaged data. */
function storeWithRecords(records: StoreRecord[]): SessionStoreV1 {
  const store = createMemorySessionStore();
  return Object.assign(Object.create(store) as SessionStoreV1, {
    exportRecords: async function* () {
      yield* records;
    },
  });
}

describe('checkStore', () => {
  it('finds nothing wrong in a healthy store', async () => {
    const store = createMemorySessionStore();
    await populateStore(store);
    const result = await checkStore({ store });
    expect(result.findings).toEqual([]);
    expect(result.scanned.turn).toBe(24);
  });

  it('reports expired leftovers with the command that removes them', async () => {
    const store = createMemorySessionStore();
    await store.createThread({
      tenantId: 'default',
      title: 'old',
      expiresAt: new Date(Date.UTC(2020, 0, 1)),
    });
    const { findings } = await checkStore({ store });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'expired', fix: expect.stringContaining('exai gc') }),
    ]);
  });

  it('reports orphans and broken turn sequences', async () => {
    const now = new Date();
    const base = { tenantId: 'default', createdAt: now, metadata: {} };
    const turn = (threadId: string, seq: number): StoreRecord => ({
      type: 'turn',
      record: {
        ...base,
        threadId,
        seq,
        role: 'user',
        content: 'x',
        toolName: undefined,
        model: undefined,
        files: [],
        idempotencyKey: undefined,
      },
    });
    const store = storeWithRecords([
      {
        type: 'tenant',
        record: { id: 'default', name: 'default', createdAt: now, disabled: false, settings: {} },
      },
      {
        type: 'thread',
        record: { ...base, id: 't1', title: undefined, updatedAt: now, expiresAt: undefined, turnCount: 3 },
      },
      turn('t1', 1),
      turn('t1', 3),
      turn('gone', 1),
    ]);
    const { findings } = await checkStore({ store });
    expect(findings.map((finding) => finding.kind).sort()).toEqual(['orphan', 'turn-sequence']);
    expect(findings.find((finding) => finding.kind === 'turn-sequence')?.message).toContain('breaks at 2');
    expect(findings.find((finding) => finding.kind === 'orphan')?.message).toContain('missing thread gone');
  });

  it('reports an applied migration that was edited, and pending ones', async () => {
    const path = join(directory, 'exai.db');
    const store = await createSqliteSessionStore({ path });
    const database = openSqliteDatabase({ path });
    try {
      const edited = sqliteMigrations.map((migration, index) =>
        index === 0 ? { ...migration, up: `${migration.up}\n-- edited` } : migration,
      );
      const extra = {
        version: sqliteMigrations.length + 1,
        name: 'later',
        up: 'CREATE TABLE later (id INTEGER)',
        down: 'DROP TABLE later',
      };
      const { findings } = await checkStore({
        store,
        migrations: { driver: sqliteMigrationDriver(database), migrations: [...edited, extra] },
      });
      expect(findings.map((finding) => finding.kind)).toEqual(['migration-changed', 'migration-pending']);
      expect(findings[0]?.fix).toContain('must never be edited');
      expect(findings[1]?.fix).toContain('exai migrate up');

      const older = await checkStore({
        store,
        migrations: { driver: sqliteMigrationDriver(database), migrations: [] },
      });
      expect(older.findings).toEqual(
        sqliteMigrations.map(() =>
          expect.objectContaining({
            kind: 'migration-unknown',
            fix: 'Upgrade exai to the version that wrote it.',
          }),
        ),
      );
    } finally {
      database.close();
      await store.close();
    }
  });
});
