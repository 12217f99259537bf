import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';

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
