import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeSessionStoreContract } from '@exai/core/test';
import { afterAll } from 'vitest';

import { createSqliteSessionStore } from './create-sqlite-session-store.js';
import { sqliteStoreFaults } from './test-support/sqlite-store-faults.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-contract-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

describeSessionStoreContract(
  'sqlite',
  async () => {
    const path = join(tmpDir, `${randomUUID()}.db`);
    const store = await createSqliteSessionStore({ path });
    return {
      store,
      cleanup: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      },
    };
  },
  { faults: sqliteStoreFaults },
);

describeSessionStoreContract(
  'sqlite in memory',
  async () => ({
    store: await createSqliteSessionStore({ path: ':memory:' }),
  }),
  { faults: sqliteStoreFaults },
);
