import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';
import { sqliteConnectionOf } from './sqlite-session-store.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-checkpoint-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

async function writeTurns(store: Awaited<ReturnType<typeof createSqliteSessionStore>>, count: number) {
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      store.commitTurn({
        tenantId: 't',
        thread: { id: `thread-${index}`, create: { title: 'big' } },
        idempotencyKey: `k${index}`,
        turns: [
          { role: 'user', content: 'q'.repeat(4000) },
          { role: 'assistant', content: 'a'.repeat(4000) },
        ],
      }),
    ),
  );
}

async function waitFor(check: () => boolean, timeoutInMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutInMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('SQLite checkpoints on a worker thread', () => {
  it('moves checkpoints off the writer once it keeps writing, and the worker copies the WAL into the file', async () => {
    const path = join(tmpDir, 'worker.db');
    const store = await createSqliteSessionStore({ path, checkpointInWorkerAfterWrites: 1 });
    try {
      await store.createTenant({ id: 't' });
      const before = statSync(path).size;
      await writeTurns(store, 40);
      // The writer no longer checkpoints in its commits…
      expect(sqliteConnectionOf(store).pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      // …and the pages reach the database file all the same (about 80 pages of turns here).
      expect(await waitFor(() => statSync(path).size > before + 40 * 8000, 5000)).toBe(true);
      expect((await store.listTurns('t', 'thread-39')).map((turn) => turn.content.length)).toEqual([
        4000, 4000,
      ]);
    } finally {
      await store.close();
    }
  });

  it('leaves a store that writes little to checkpoint the usual way', async () => {
    const path = join(tmpDir, 'short.db');
    const store = await createSqliteSessionStore({ path });
    try {
      await store.createTenant({ id: 't' });
      await writeTurns(store, 5);
      expect(sqliteConnectionOf(store).pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await store.close();
    }
  });

  it('keeps a process with nothing else to do alive until the worker has closed', async () => {
    // Nothing but the store in this process: without the worker held open while it closes, the
    // process exited inside close(), and the code awaiting it never ran.
    const source = fileURLToPath(new URL('./create-sqlite-session-store.ts', import.meta.url));
    const script = `
      const { createSqliteSessionStore } = await import(${JSON.stringify(source)});
      const store = await createSqliteSessionStore({
        path: ${JSON.stringify(join(tmpDir, 'alone.db'))},
        checkpointInWorkerAfterWrites: 1,
      });
      await store.createTenant({ id: 't' });
      await store.commitTurn({
        tenantId: 't',
        thread: { id: 'a', create: { title: 'a' } },
        idempotencyKey: 'k',
        turns: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }],
      });
      await store.close();
      console.log('closed');
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('closed');
  });
});
