import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createMemorySessionStore, InvalidArgumentError, type SessionStoreV1 } from '@exai/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { createPostgresStoreSubject } from '../postgres/test-support/postgres-store-subject.js';
import { createSqliteSessionStore } from '../sqlite/index.js';
import { populateStore, snapshotStore } from '../test-support/populate-store.js';
import { restoreBackup } from './restore-backup.js';
import { writeBackup } from './write-backup.js';

const postgres = await probePostgres();
let directory: string;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-backup-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(directory, { recursive: true, force: true });
});
afterAll(() => undefined);

async function sqliteStore(name: string): Promise<SessionStoreV1> {
  const store = await createSqliteSessionStore({ path: join(directory, `${name}.db`) });
  cleanups.push(() => store.close());
  return store;
}

async function postgresStore(): Promise<SessionStoreV1> {
  const subject = await createPostgresStoreSubject();
  cleanups.push(async () => {
    await subject.store.close();
    await subject.cleanup();
  });
  return subject.store;
}

describe('backup and restore', () => {
  it('moves every record from SQLite to memory unchanged, and a second restore adds nothing', async () => {
    const source = await sqliteStore('source');
    await populateStore(source);
    const path = join(directory, 'exai.backup.jsonl.gz');
    const progress: number[] = [];
    const written = await writeBackup({
      store: source,
      path,
      onProgress: ({ records }) => progress.push(records),
    });
    expect(written.records).toBeGreaterThan(30);
    expect(progress.at(-1)).toBe(written.records);

    const target = createMemorySessionStore();
    const restored = await restoreBackup({ store: target, path });
    expect(restored.header).toMatchObject({ format: 'exai-backup', formatVersion: 1, source: 'sqlite' });
    expect(restored.records).toBe(written.records);
    expect(await snapshotStore(target)).toEqual(await snapshotStore(source));

    const again = await restoreBackup({ store: target, path });
    expect(Object.values(again.imported).reduce((sum, count) => sum + (count ?? 0), 0)).toBe(0);
    expect(await snapshotStore(target)).toEqual(await snapshotStore(source));
  });

  it.skipIf(!postgres.available)('upgrades SQLite to PostgreSQL and back with equal contents', async () => {
    const sqlite = await sqliteStore('team');
    await populateStore(sqlite, { threads: 5, turnsPerThread: 6 });
    const first = join(directory, 'one.jsonl.gz');
    await writeBackup({ store: sqlite, path: first });

    const pg = await postgresStore();
    await restoreBackup({ store: pg, path: first });
    const [inPostgres, inSqlite] = [await snapshotStore(pg), await snapshotStore(sqlite)];
    expect(inPostgres.filter((line) => !inSqlite.includes(line))).toEqual([]);
    expect(inPostgres).toEqual(inSqlite);

    const second = join(directory, 'two.jsonl.gz');
    await writeBackup({ store: pg, path: second });
    const back = await sqliteStore('back');
    await restoreBackup({ store: back, path: second });
    expect(await snapshotStore(back)).toEqual(await snapshotStore(sqlite));

    // The restored store keeps working: the next append continues the sequence.
    const [thread] = (await back.listThreads('acme', { limit: 1 })).items;
    const appended = await back.appendTurn({
      tenantId: 'acme',
      threadId: thread!.id,
      role: 'user',
      content: 'more',
    });
    expect(appended.turn.seq).toBe(7);
  });

  describe('a backup that cannot be written leaves no file behind', () => {
    async function writeError(path: string, store: SessionStoreV1 = createMemorySessionStore()) {
      const error = await writeBackup({ store, path }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      return (error as Error).message;
    }

    it('into a directory that does not exist', async () => {
      const path = join(directory, 'missing', 'exai.backup.gz');
      expect(await writeError(path)).toBe(
        `cannot write the backup to ${path}: the directory ${join(directory, 'missing')} does not exist; create it or write the backup elsewhere`,
      );
      expect(readdirSync(directory)).toEqual([]);
    });

    it('onto a directory', async () => {
      const path = join(directory, 'backups');
      mkdirSync(path);
      expect(await writeError(path)).toContain(`${path}: it is a directory; name a file`);
      expect(readdirSync(directory)).toEqual(['backups']);
    });

    it('when reading the store fails half way', async () => {
      const store = createMemorySessionStore();
      await populateStore(store, { threads: 1, turnsPerThread: 2 });
      const failing = Object.assign(Object.create(store) as SessionStoreV1, {
        async *exportRecords() {
          yield* store.exportRecords();
          throw new Error('connection lost');
        },
      });
      const error = await writeBackup({ store: failing, path: join(directory, 'x.gz') }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe('connection lost');
      expect(readdirSync(directory)).toEqual([]);
    });
  });

  describe('refuses a damaged file and changes nothing', () => {
    async function backupLines(): Promise<{ path: string; lines: string[] }> {
      const source = createMemorySessionStore();
      await populateStore(source, { threads: 1, turnsPerThread: 2 });
      const path = join(directory, 'good.jsonl.gz');
      await writeBackup({ store: source, path });
      return { path, lines: gunzipSync(readFileSync(path)).toString('utf8').trimEnd().split('\n') };
    }

    async function expectRefused(lines: string[], message: RegExp): Promise<void> {
      const path = join(directory, 'bad.jsonl.gz');
      writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
      const target = createMemorySessionStore();
      const before = await snapshotStore(target);
      const error = await restoreBackup({ store: target, path }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(await snapshotStore(target)).toEqual(before);
    }

    it('a record whose checksum does not match', async () => {
      const { lines } = await backupLines();
      const index = lines.findIndex((line) => line.includes('turn 0 of'));
      lines[index] = lines[index]!.replace('turn 0 of', 'turn X of');
      await expectRefused(lines, new RegExp(`line ${index + 1}: checksum mismatch`));
    });

    it('a file cut short', async () => {
      const { lines } = await backupLines();
      await expectRefused(lines.slice(0, -3), /truncated: no end line/);
    });

    it('a file that is not a backup', async () => {
      await expectRefused(['{"hello":"world"}'], /not an exai backup/);
    });

    it('a newer format', async () => {
      const { lines } = await backupLines();
      lines[0] = lines[0]!.replace('"formatVersion":1', '"formatVersion":9');
      await expectRefused(lines, /newer than this exai reads/);
    });

    it('a newer record schema', async () => {
      const { lines } = await backupLines();
      lines[0] = lines[0]!.replace('"schemaVersion":1', '"schemaVersion":2');
      await expectRefused(
        lines,
        /record schema version 2 is newer than this exai restores \(1\); upgrade exai/,
      );
    });

    it('a missing file', async () => {
      const error = await restoreBackup({
        store: createMemorySessionStore(),
        path: join(directory, 'nope.gz'),
      }).catch((e: unknown) => e);
      expect((error as Error).message).toContain('cannot read the file');
    });
  });
});
