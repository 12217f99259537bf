import { StoreUnavailableError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { createPostgresSessionStore } from './create-postgres-session-store.js';
import { probePostgres, useTestSchemas } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();
const tenantId = 'default';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

describe.skipIf(!postgres.available)('PostgreSQL store: closed stores and refused logins', () => {
  const createSchema = useTestSchemas();

  it('says the store is closed after close(), not that a circuit is open', async () => {
    const { url, schema } = await createSchema();
    const store = await createPostgresSessionStore({ connectionString: url, schema, pool: { max: 2 } });
    await store.close();
    for (const call of [
      () => store.getThread(tenantId, 't'),
      () => store.ping(),
      () => store.listTenants(),
    ]) {
      const error = await rejection(call());
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/the store is closed/);
      expect((error as Error).message).not.toMatch(/circuit/);
    }
  });

  it('names user, password and database name when the server refuses the login or has no such database', async () => {
    const { url, schema } = await createSchema();
    const unknownUser = new URL(url);
    unknownUser.username = 'exai_no_such_user';
    const unknownDatabase = new URL(url);
    unknownDatabase.pathname = '/exai_no_such_database';
    for (const [label, connectionString] of [
      ['unknown user', unknownUser.href],
      ['unknown database', unknownDatabase.href],
    ] as const) {
      const error = await rejection(
        createPostgresSessionStore({ connectionString, schema, pool: { max: 1 } }),
      );
      expect(StoreUnavailableError.isInstance(error), label).toBe(true);
      expect((error as Error).message, label).toMatch(/refused the connection/);
      expect((error as Error).message, label).toMatch(/user, password and database name/);
    }
  });
});
