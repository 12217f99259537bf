import { createPostgresSessionStore } from '../create-postgres-session-store.js';
import type { PostgresSessionStore, PostgresSessionStoreOptions } from '../postgres-session-store-options.js';
import { createTestSchema, type TestSchema } from './postgres-test-database.js';

export interface PostgresStoreSubject {
  store: PostgresSessionStore;
  /** The test's own schema (its pool reaches the same tables as the store). */
  testSchema: TestSchema;
  /** Drops the schema; call after closing the store. */
  cleanup: () => Promise<void>;
}

/**
 * A migrated store in a fresh schema of its own, with a small pool. The shape fits the contract
 * suite's subjects: `describeSessionStoreContract('postgres', createPostgresStoreSubject)`.
 */
export async function createPostgresStoreSubject(
  options: Partial<PostgresSessionStoreOptions> = {},
): Promise<PostgresStoreSubject> {
  const testSchema = await createTestSchema();
  try {
    const store = await createPostgresSessionStore({
      connectionString: testSchema.url,
      schema: testSchema.schema,
      pool: { max: 4 },
      ...options,
    });
    return { store, testSchema, cleanup: () => testSchema.drop() };
  } catch (error) {
    await testSchema.drop();
    throw error;
  }
}
