import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSessionStore } from './open-session-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-open-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('openSessionStore', () => {
  it('creates a SQLite database, its WAL and shared-memory files readable by the owner only', async () => {
    const path = join(directory, 'nested', 'exai.db');
    const store = await openSessionStore({ kind: 'sqlite', path });
    try {
      await store.createTenant({ id: 'acme', name: 'Acme' });
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
      }
      expect(statSync(join(directory, 'nested')).mode & 0o777).toBe(0o700);
    } finally {
      await store.close();
    }
  });
});
