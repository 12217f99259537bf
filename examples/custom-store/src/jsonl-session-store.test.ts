import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TENANT_ID, StoreUnavailableError, type SessionStoreV1, type StoreRecord } from '@exai/core';
import { describeSessionStoreContract, type SessionStoreFaults } from '@exai/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonlSessionStore } from './jsonl-session-store.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'exai-jsonl-store-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const newLogPath = () => join(directory, `${randomUUID()}.jsonl`);

async function contents(store: SessionStoreV1): Promise<StoreRecord[]> {
  const records: StoreRecord[] = [];
  for await (const record of store.exportRecords()) records.push(record);
  return records;
}

// The whole contract, on a fresh log file per store. When the suite closes a store, its contents
// are kept; the cleanup then reopens the file and expects the replay to give exactly those
// contents — so every contract test also proves the log replays what the live calls did.
// The fault the suite injects: the next audit write in memory throws (through `beforeWrite`).
const failingAudit = new WeakMap<SessionStoreV1, { armed: boolean }>();
const faults: SessionStoreFaults = {
  async failNextAuditWrite(store) {
    failingAudit.get(store)!.armed = true;
  },
};

describeSessionStoreContract(
  'jsonl-file',
  async () => {
    const path = newLogPath();
    const fault = { armed: false };
    const store = await createJsonlSessionStore({
      path,
      beforeWrite(recordType) {
        if (recordType === 'audit' && fault.armed) {
          fault.armed = false;
          throw new Error('Injected failure writing an audit event.');
        }
      },
    });
    failingAudit.set(store, fault);
    let beforeClose: StoreRecord[] = [];
    const close = store.close.bind(store);
    store.close = async () => {
      beforeClose = await contents(store);
      await close();
    };
    return {
      store,
      cleanup: async () => {
        const reopened = await createJsonlSessionStore({ path });
        try {
          expect(await contents(reopened)).toEqual(beforeClose);
        } finally {
          await reopened.close();
          await rm(path, { force: true });
        }
      },
    };
  },
  { faults },
);

describe('createJsonlSessionStore', () => {
  const tenantId = DEFAULT_TENANT_ID;

  it('gives the same export after writing, closing and reopening', async () => {
    const path = newLogPath();
    const store = await createJsonlSessionStore({ path });
    await store.createTenant({ id: 'acme', settings: { plan: 'team' } });
    const thread = await store.createThread({ tenantId, title: 'Review', metadata: { at: new Date(0) } });
    await Promise.all(
      ['a', 'b', 'c', 'a'].map((content) =>
        store.appendTurn({ tenantId, threadId: thread.id, role: 'user', content, idempotencyKey: content }),
      ),
    );
    await store.putWorkflowState(tenantId, thread.id, { step: 2 });
    await store.createThread({ tenantId, id: 'old', expiresAt: new Date('2001-01-01T00:00:00Z') });
    await store.expire();
    await store.recordUsage({
      tenantId,
      model: 'kimi:kimi-k2',
      inputTokens: 3,
      outputTokens: 4,
      latencyInMs: 5,
      status: 'ok',
    });
    const key = await store.createApiKey({
      tenantId: 'acme',
      name: 'ci',
      prefix: 'exai_c',
      hash: 'c'.repeat(64),
    });
    await store.revokeApiKey('acme', key.id);
    await store.importRecords([
      { type: 'thread', record: { ...thread, id: 'imported', expiresAt: new Date('2100-01-01T00:00:00Z') } },
    ]);
    const written = await contents(store);
    await store.close();

    const reopened = await createJsonlSessionStore({ path });
    expect(await contents(reopened)).toEqual(written);
    expect((await reopened.getThread(tenantId, thread.id))?.turnCount).toBe(3);
    expect(await reopened.getThread(tenantId, 'old')).toBeUndefined();
    await reopened.close();
  });

  it('writes a line per change, and none for a refused call', async () => {
    const path = newLogPath();
    const store = await createJsonlSessionStore({ path });
    await store.createThread({ tenantId, id: 't' });
    await expect(store.createThread({ tenantId, id: 't' })).rejects.toMatchObject({ code: 'record_exists' });
    await expect(
      store.appendTurn({ tenantId, threadId: 'missing', role: 'user', content: 'x' }),
    ).rejects.toMatchObject({ code: 'record_not_found' });
    await store.close();

    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { op: string }).op)).toEqual([
      'create-log',
      'createThread',
    ]);
    expect(JSON.parse(lines[1]!)).toEqual({
      op: 'createThread',
      input: { tenantId, id: 't' },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('drops a last line cut short by a crash, and goes on writing whole lines', async () => {
    const path = newLogPath();
    const store = await createJsonlSessionStore({ path });
    await store.createThread({ tenantId, id: 'kept' });
    await store.close();
    await appendFile(path, '{"op":"createThread","input":{"tenantId":"default","id":"torn"');

    const reopened = await createJsonlSessionStore({ path });
    expect(await reopened.getThread(tenantId, 'torn')).toBeUndefined();
    await reopened.createThread({ tenantId, id: 'after' });
    await reopened.close();
    const again = await createJsonlSessionStore({ path });
    expect((await again.listThreads(tenantId)).items.map((item) => item.id).sort()).toEqual([
      'after',
      'kept',
    ]);
    await again.close();
  });

  it('refuses a file that is not a session log, or a damaged line, naming it', async () => {
    const foreign = newLogPath();
    await writeFile(foreign, 'hello\nworld');
    await expect(createJsonlSessionStore({ path: foreign })).rejects.toSatisfy(
      (error) => StoreUnavailableError.isInstance(error) && /not an exai session log/.test(error.message),
    );
    expect(await readFile(foreign, 'utf8')).toBe('hello\nworld');

    const damaged = newLogPath();
    await (await createJsonlSessionStore({ path: damaged })).close();
    await appendFile(damaged, '{"op":"dropTable","input":{},"at":"2025-01-01T00:00:00.000Z"}\n');
    await expect(createJsonlSessionStore({ path: damaged })).rejects.toThrow(
      /line 2: "dropTable" is not a known/,
    );
  });

  it('throws StoreUnavailableError once closed', async () => {
    const store = await createJsonlSessionStore({ path: newLogPath() });
    await store.close();
    await expect(store.ping()).rejects.toSatisfy(StoreUnavailableError.isInstance);
    await expect(store.createTenant({ id: 'late' })).rejects.toSatisfy(StoreUnavailableError.isInstance);
  });
});
