import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { StoreUnavailableError } from '@exai/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-lock-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/**
 * Another process that takes SQLite's write lock on `path` (`BEGIN EXCLUSIVE`) and holds it for
 * `holdInMs`. It prints `locked`, `releasing` and `released`, each with its `Date.now()`.
 */
async function holdLock(path: string, holdInMs: number) {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite3)});
    const db = new Database(${JSON.stringify(path)});
    db.exec('BEGIN EXCLUSIVE');
    console.log('locked ' + Date.now());
    setTimeout(() => {
      console.log('releasing ' + Date.now());
      db.exec('COMMIT');
      db.close();
      console.log('released ' + Date.now());
    }, ${holdInMs});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const times = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [event, time] = line.split(' ');
    times.set(event!, Number(time));
    waiters.get(event!)?.();
  });
  const seen = (event: string) =>
    new Promise<number>((resolve) => {
      if (times.has(event)) resolve(times.get(event)!);
      else waiters.set(event, () => resolve(times.get(event)!));
    });
  await seen('locked');
  return { seen, times };
}

describe('the SQLite store while another process holds the write lock', () => {
  it('keeps the event loop running while a write waits, and writes once the lock is released', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const store = await createSqliteSessionStore({ path });
    const holder = await holdLock(path, 2_000);

    let writeDoneAt = 0;
    const write = store.createThread({ tenantId: 'default', id: 'waited' }).then((thread) => {
      writeDoneAt = Date.now();
      return thread;
    });
    await store.ping();
    const pingedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const tickedAt = Date.now();

    expect((await write).id).toBe('waited');
    const releasingAt = await holder.seen('releasing');
    expect(pingedAt).toBeLessThan(releasingAt);
    expect(tickedAt).toBeLessThan(releasingAt);
    expect(writeDoneAt).toBeGreaterThanOrEqual(releasingAt);
    expect(await store.getThread('default', 'waited')).toMatchObject({ id: 'waited' });
    await store.close();
  }, 20_000);

  it('gives up after busyTimeoutInMs with a clear, retryable error, answering meanwhile', async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const store = await createSqliteSessionStore({ path, busyTimeoutInMs: 200 });
    const holder = await holdLock(path, 3_000);

    const write = store.createThread({ tenantId: 'default' }).catch((error: unknown) => error);
    await store.ping();
    const pingedAt = Date.now();
    const error = await write;
    const failedAt = Date.now();

    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as StoreUnavailableError).isRetryable).toBe(true);
    expect((error as Error).message).toMatch(
      /stayed locked by another connection for 200 ms \(busyTimeoutInMs\)/,
    );
    const releasingAt = await holder.seen('releasing');
    expect(pingedAt).toBeLessThan(releasingAt);
    expect(failedAt).toBeLessThan(releasingAt);
    await store.close();
  }, 20_000);
});
