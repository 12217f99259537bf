import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RecordNotFoundError } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';
import { sqliteConnectionOf } from './sqlite-session-store.js';
import { sqliteStoreFaults } from './test-support/sqlite-store-faults.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-commit-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

describe('SQLite commitTurn across connections', () => {
  it('keeps seqs contiguous and each commit whole when two connections commit to one thread', async () => {
    const path = join(tmpDir, 'shared.db');
    const stores = [await createSqliteSessionStore({ path }), await createSqliteSessionStore({ path })];
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          stores[index % 2]!.commitTurn({
            tenantId: 'default',
            thread: { id: 'shared', create: { title: 'both' } },
            idempotencyKey: `call-${index % 10}`,
            turns: [
              { role: 'user', content: `q${index % 10}` },
              { role: 'assistant', content: `a${index % 10}` },
            ],
            usage: { model: 'm', inputTokens: 1, outputTokens: 1, latencyInMs: 1, status: 'ok' },
          }),
        ),
      );
      expect(results.filter((result) => result.created)).toHaveLength(10);
      for (const { turns } of results) expect(turns[1].seq).toBe(turns[0].seq + 1);

      // Each connection reads what the other committed: seqs 1…20, one usage record per key.
      for (const store of stores) {
        const turns = await store.listTurns('default', 'shared');
        expect(turns.map((turn) => turn.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
        expect((await store.listUsage('default')).items).toHaveLength(10);
      }
    } finally {
      for (const store of stores) await store.close();
    }
  });
});

describe('SQLite commitTurn: group commit', () => {
  it('commits the calls of one tick together, and a failing one leaves nothing while the others land', async () => {
    const store = await createSqliteSessionStore({ path: join(tmpDir, 'batched.db') });
    const database = sqliteConnectionOf(store);
    let commits = 0;
    // Counts COMMITs the way a reader of the WAL would: each one bumps the data version seen elsewhere.
    const reader = await createSqliteSessionStore({ path: join(tmpDir, 'batched.db') });
    const version = () => sqliteConnectionOf(reader).pragma('data_version', { simple: true }) as number;
    try {
      await store.createTenant({ id: 't' });
      const before = version();
      await sqliteStoreFaults.failNextAuditWrite(store);
      const commit = (index: number) =>
        store.commitTurn({
          tenantId: 't',
          thread: { id: `thread-${index}`, create: { title: `t${index}` } },
          idempotencyKey: `k${index}`,
          turns: [
            { role: 'user', content: `q${index}` },
            { role: 'assistant', content: `a${index}` },
          ],
          audit: { actor: 'test', action: 'tool.chat', target: `thread-${index}` },
        });
      const settled = await Promise.allSettled([commit(1), commit(2), commit(3)]);
      commits = version() - before;
      // The fault fails the first audit write: the first commit, and only it.
      expect(settled.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(await store.getThread('t', 'thread-1')).toBeUndefined();
      expect(await store.listTurns('t', 'thread-1')).toEqual([]);
      for (const id of ['thread-2', 'thread-3']) {
        expect((await store.listTurns('t', id)).map((turn) => turn.seq)).toEqual([1, 2]);
      }
      expect((await store.listAudit('t')).items.map((event) => event.target).sort()).toEqual([
        'thread-2',
        'thread-3',
      ]);
      // Three commits in one tick: one transaction (the fault's trigger is in TEMP, not counted).
      expect(commits).toBe(1);
      expect(database.inTransaction).toBe(false);
    } finally {
      await reader.close();
      await store.close();
    }
  });

  it('commits an audit event appended in the same tick with the turn, and a failing append rejects alone', async () => {
    const path = join(tmpDir, 'batched-audit.db');
    const store = await createSqliteSessionStore({ path });
    const reader = await createSqliteSessionStore({ path });
    const version = () => sqliteConnectionOf(reader).pragma('data_version', { simple: true }) as number;
    try {
      await store.createTenant({ id: 't' });
      const before = version();
      const settled = await Promise.allSettled([
        store.commitTurn({
          tenantId: 't',
          thread: { id: 'thread', create: { title: 'one' } },
          idempotencyKey: 'k',
          turns: [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: 'a' },
          ],
        }),
        store.appendAudit({ tenantId: 't', action: 'tool.call', target: 'chat' }),
        store.appendAudit({ tenantId: 'nobody', action: 'tool.call', target: 'chat' }),
      ]);
      expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect(RecordNotFoundError.isInstance((settled[2] as PromiseRejectedResult).reason)).toBe(true);
      // The turn and the audit event: one transaction.
      expect(version() - before).toBe(1);
      expect((await store.listAudit('t')).items.map((event) => event.target)).toEqual(['chat']);
      expect((await store.listTurns('t', 'thread')).map((turn) => turn.seq)).toEqual([1, 2]);
    } finally {
      await reader.close();
      await store.close();
    }
  });
});
