import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { StoreUnavailableError } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';

import { populateStore } from '../test-support/populate-store.js';
import { createSqliteSessionStore } from './create-sqlite-session-store.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-unusable-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

/** Overwrites the second half of a file's pages, the way a failing disk or a bad copy does. */
function damage(path: string): void {
  const pageSize = 4096;
  const pages = statSync(path).size / pageSize;
  const file = openSync(path, 'r+');
  for (let page = Math.ceil(pages / 2); page < pages; page += 1) {
    writeSync(file, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
  }
  closeSync(file);
}

async function failureOf(work: () => Promise<unknown>): Promise<StoreUnavailableError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(StoreUnavailableError.isInstance(error)).toBe(true);
  return error as StoreUnavailableError;
}

describe('a SQLite file that cannot be used as a database', () => {
  it('another program’s file: says so and where to point the store, not retryable', async () => {
    const path = join(tmpDir, 'notes.db');
    writeFileSync(path, 'plain text, not SQLite\n'.repeat(100));
    const error = await failureOf(() => createSqliteSessionStore({ path }));
    expect(error.message).toBe(
      `Cannot open the SQLite database ${path}: it is not a SQLite database (another program's file, ` +
        'or an encrypted one); point --store or EXAI_STORE at an exai database, or at a new file to ' +
        'start an empty one.',
    );
    expect(error.isRetryable).toBe(false);
  });

  it('a damaged file found while reading: says to restore a backup or salvage it, not retryable', async () => {
    const path = join(tmpDir, 'damaged.db');
    const store = await createSqliteSessionStore({ path });
    await populateStore(store, { threads: 40, turnsPerThread: 20 });
    await store.close();
    damage(path);
    const error = await failureOf(async () => {
      const reopened = await createSqliteSessionStore({ path });
      try {
        for (const thread of (await reopened.listThreads('default', { limit: 100 })).items) {
          await reopened.listTurns('default', thread.id);
        }
      } finally {
        await reopened.close();
      }
    });
    expect(error.message).toMatch(/the database file is damaged|it is damaged/);
    expect(error.message).toContain('exai restore --latest DIR');
    expect(error.isRetryable).toBe(false);
  });
});
