import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError, StoreUnavailableError, type StoreRecord } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';

import { MigrationPendingError } from '../migrations/index.js';
import { createSqliteSessionStore } from './create-sqlite-session-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-store-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
const newPath = () => join(tmpDir, `${randomUUID()}.db`);
const tenantId = 'default';

async function collect(records: AsyncIterable<StoreRecord>): Promise<StoreRecord[]> {
  const all: StoreRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('createSqliteSessionStore', () => {
  it('creates the file and its missing parent directories (0700), in WAL mode', async () => {
    const path = join(tmpDir, 'nested', 'deeper', 'exai.db');
    const store = await createSqliteSessionStore({ path });
    expect(store).toMatchObject({ kind: 'sqlite', specificationVersion: 'v1', path });
    expect(existsSync(path)).toBe(true);
    expect(statSync(join(tmpDir, 'nested', 'deeper')).mode & 0o777).toBe(0o700);
    const other = openSqliteDatabase({ path });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(other.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(other.pragma('synchronous', { simple: true })).toBe(1);
    // Temporary storage in memory (2): a group commit's savepoint journals make no temporary files.
    expect(other.pragma('temp_store', { simple: true })).toBe(2);
    other.close();
    await store.close();
  });

  it('with migrate: false, refuses a database whose schema is behind and says how to fix it', async () => {
    const path = newPath();
    const opening = createSqliteSessionStore({ path, migrate: false });
    await expect(opening).rejects.toThrow(MigrationPendingError);
    await expect(createSqliteSessionStore({ path, migrate: false })).rejects.toThrow(
      /schema is at version 0 but this exai needs version \d+; run `exai migrate up`/,
    );
    await (await createSqliteSessionStore({ path })).close();
    const store = await createSqliteSessionStore({ path, migrate: false });
    await store.ping();
    await store.close();
  });

  it('says which file it cannot open', async () => {
    const notADirectory = newPath();
    writeFileSync(notADirectory, 'plain file');
    const path = join(notADirectory, 'exai.db');
    const error = await createSqliteSessionStore({ path }).catch((caught: unknown) => caught);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`Cannot open the SQLite database ${path}`);
    await expect(createSqliteSessionStore({ path: '' })).rejects.toThrow(InvalidArgumentError);
  });

  it('refuses negative tokens, latency, cost, size and reference counts in the tables themselves', async () => {
    const path = newPath();
    await (await createSqliteSessionStore({ path })).close();
    const db = openSqliteDatabase({ path });
    try {
      const usage = db.prepare(
        `INSERT INTO usage_records (tenant_id, id, model, input_tokens, output_tokens, cost_usd, latency_ms, status,
                                    created_at)
         VALUES ('default', @id, 'm', @input, @output, @cost, @latency, 'ok', 0)`,
      );
      const valid = { input: 1, output: 1, cost: 0.5, latency: 1 };
      for (const column of ['input', 'output', 'cost', 'latency'] as const) {
        expect(() => usage.run({ ...valid, id: column, [column]: -1 }), column).toThrow(/CHECK constraint/);
      }
      usage.run({ ...valid, id: 'valid' });
      const file = db.prepare(
        `INSERT INTO files (tenant_id, provider, sha256, provider_file_id, size_bytes, ref_count, created_at)
         VALUES ('default', 'kimi', @sha, 'f', @size, @refCount, 0)`,
      );
      expect(() => file.run({ sha: 'a', size: -1, refCount: 0 })).toThrow(/CHECK constraint/);
      expect(() => file.run({ sha: 'b', size: 1, refCount: -1 })).toThrow(/CHECK constraint/);
      file.run({ sha: 'c', size: 0, refCount: 0 });
    } finally {
      db.close();
    }
  });

  it('works in memory', async () => {
    const store = await createSqliteSessionStore({ path: ':memory:' });
    await store.createThread({ tenantId, id: 't' });
    expect((await store.appendTurn({ tenantId, threadId: 't', role: 'user', content: 'x' })).turn.seq).toBe(
      1,
    );
    expect(store.path).toBe(':memory:');
    await store.close();
  });

  it('throws StoreUnavailableError (retryable) when another writer holds the database too long', async () => {
    const path = newPath();
    const store = await createSqliteSessionStore({ path, busyTimeoutInMs: 50 });
    const holder = openSqliteDatabase({ path });
    holder.exec('BEGIN IMMEDIATE');
    const error = await store.createThread({ tenantId }).catch((caught: unknown) => caught);
    holder.exec('ROLLBACK');
    holder.close();
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as StoreUnavailableError).isRetryable).toBe(true);
    await store.createThread({ tenantId });
    await store.close();
  });

  it('throws StoreUnavailableError once closed; closing twice is fine', async () => {
    const store = await createSqliteSessionStore({ path: newPath() });
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
    await expect(store.getThread(tenantId, 'x')).rejects.toThrow(StoreUnavailableError);
    await expect(collect(store.exportRecords())).rejects.toThrow(StoreUnavailableError);
  });

  it('refuses a cursor it did not make and a page larger than 500', async () => {
    const store = await createSqliteSessionStore({ path: ':memory:' });
    await expect(store.listThreads(tenantId, { cursor: 'bm9wZQ' })).rejects.toThrow(InvalidArgumentError);
    await expect(store.listUsage(tenantId, { limit: 501 })).rejects.toThrow(InvalidArgumentError);
    await store.close();
  });
});
