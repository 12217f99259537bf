import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { InvalidArgumentError, RecordNotFoundError, type StoreRecord, type TurnRecord } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-backup-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
const newPath = () => join(tmpDir, `${randomUUID()}.db`);
const tenantId = 'default';

async function collect(records: AsyncIterable<StoreRecord>): Promise<StoreRecord[]> {
  const all: StoreRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('SQLite export and import', () => {
  async function seeded(path: string) {
    const store = await createSqliteSessionStore({ path });
    await store.createTenant({ id: 'acme', settings: { plan: 'team' } });
    await store.createApiKey({ tenantId: 'acme', name: 'ci', prefix: 'exai_ab', hash: 'a'.repeat(64) });
    for (const id of ['one', 'two']) {
      await store.createThread({ tenantId: 'acme', id, title: id, expiresAt: new Date('2100-01-01') });
      await store.appendTurn({
        tenantId: 'acme',
        threadId: id,
        role: 'user',
        content: `${id}?`,
        idempotencyKey: 'k',
      });
      await store.appendTurn({
        tenantId: 'acme',
        threadId: id,
        role: 'assistant',
        content: `${id}!`,
        files: ['a.ts'],
      });
    }
    await store.putWorkflowState('acme', 'one', { step: 2 });
    await store.putFileRecord({
      tenantId: 'acme',
      provider: 'kimi',
      sha256: 'f'.repeat(64),
      providerFileId: 'file-1',
      sizeInBytes: 9,
    });
    await store.recordUsage({
      tenantId: 'acme',
      model: 'kimi:kimi-k2',
      inputTokens: 1,
      outputTokens: 2,
      latencyInMs: 3,
      status: 'ok',
      costInUsd: 0.5,
    });
    await store.appendAudit({
      tenantId: 'acme',
      action: 'thread.delete',
      target: 'gone',
      detail: { by: 'cli' },
    });
    return store;
  }

  it('exports parents first and imports into another store, twice without duplicates', async () => {
    const source = await seeded(newPath());
    const records = await collect(source.exportRecords());
    const types = records.map((record) => record.type);
    expect(types.indexOf('tenant')).toBeLessThan(types.indexOf('thread'));
    expect(types.lastIndexOf('thread')).toBeLessThan(types.indexOf('turn'));
    expect(types.lastIndexOf('turn')).toBeLessThan(types.indexOf('workflow-state'));

    const target = await createSqliteSessionStore({ path: newPath() });
    expect(await target.importRecords(records)).toEqual({
      imported: {
        tenant: 1,
        'api-key': 1,
        thread: 2,
        turn: 4,
        'workflow-state': 1,
        file: 1,
        usage: 1,
        audit: 1,
      },
      skipped: { tenant: 1 },
    });
    const again = await target.importRecords(
      (async function* () {
        yield* records;
      })(),
    );
    expect(again.imported).toEqual({});
    expect(Object.values(again.skipped).reduce((sum, count) => sum + count, 0)).toBe(records.length);
    const comparable = (all: StoreRecord[]) =>
      all
        .filter((record) => !(record.type === 'tenant' && record.record.id === 'default'))
        .map((record) => JSON.stringify(record))
        .sort();
    expect(comparable(await collect(target.exportRecords()))).toEqual(comparable(records));
    await Promise.all([source.close(), target.close()]);
  });

  it('streams a snapshot from a file store while the store keeps taking writes', async () => {
    const store = await seeded(newPath());
    const exported: StoreRecord[] = [];
    for await (const record of store.exportRecords()) {
      exported.push(record);
      if (exported.length === 1) await store.createThread({ tenantId: 'acme', id: 'during-export' });
    }
    expect(exported.some((record) => record.type === 'thread' && record.record.id === 'during-export')).toBe(
      false,
    );
    expect(await store.getThread('acme', 'during-export')).toBeDefined();
    await store.close();
  });

  it('refuses a turn whose thread is missing, and a malformed record', async () => {
    const store = await createSqliteSessionStore({ path: ':memory:' });
    const turn: TurnRecord = {
      tenantId,
      threadId: 'nope',
      seq: 1,
      role: 'user',
      content: 'x',
      toolName: undefined,
      model: undefined,
      files: [],
      idempotencyKey: undefined,
      createdAt: new Date(),
      metadata: {},
    };
    await expect(store.importRecords([{ type: 'turn', record: turn }])).rejects.toThrow(RecordNotFoundError);
    await expect(
      store.importRecords([{ type: 'turn', record: { ...turn, role: 'robot' as TurnRecord['role'] } }]),
    ).rejects.toThrow(InvalidArgumentError);
    await store.close();
  });
});
