import { describeSessionStoreContract } from '@exai/core/test';
import { createPostgresStoreSubject } from './test-support/postgres-store-subject.js';
import { probePostgres } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();

describeSessionStoreContract('postgres', () => createPostgresStoreSubject(), {
  skip: postgres.available
    ? false
    : `PostgreSQL at ${postgres.redactedUrl} is unreachable (${postgres.reason})`,
});
