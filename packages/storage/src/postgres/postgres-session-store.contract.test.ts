import type { SessionStoreV1 } from '@exai/core';
import { describeSessionStoreContract } from '@exai/core/test';
import { createPostgresStoreSubject } from './test-support/postgres-store-subject.js';
import { postgresStoreFaults, type StoreTables } from './test-support/postgres-store-faults.js';
import { probePostgres } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();
const tables = new WeakMap<SessionStoreV1, StoreTables>();

describeSessionStoreContract(
  'postgres',
  async () => {
    const subject = await createPostgresStoreSubject();
    tables.set(subject.store, { url: subject.testSchema.url, schema: subject.testSchema.schema });
    return subject;
  },
  {
    skip: postgres.available
      ? false
      : `PostgreSQL at ${postgres.redactedUrl} is unreachable (${postgres.reason})`,
    faults: postgresStoreFaults((store) => tables.get(store)!),
  },
);
