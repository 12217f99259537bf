import { StoreUnavailableError } from '@exai/core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresPool } from './create-postgres-pool.js';
import { describePostgresTarget } from './executor/describe-postgres-target.js';
import { createPostgresExecutor } from './executor/postgres-executor.js';
import { defaultPostgresBreaker, defaultPostgresRetry } from './executor/postgres-executor-settings.js';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from './test-support/postgres-store-subject.js';
import { probePostgres, useTestSchemas } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();

describe.skipIf(!postgres.available)('PostgreSQL statement timeout', () => {
  const createSchema = useTestSchemas();
  let subject: PostgresStoreSubject | undefined;

  afterEach(async () => {
    await subject?.store.close();
    await subject?.cleanup();
    subject = undefined;
  });

  it('cancels a statement that runs past statementTimeoutInMs with a clear StoreUnavailableError', async () => {
    const { url, schema } = await createSchema();
    const pool = createPostgresPool({
      connectionString: url,
      schema,
      pool: { max: 1 },
      statementTimeoutInMs: 100,
    });
    const executor = createPostgresExecutor({
      pool,
      target: describePostgresTarget(url),
      statementTimeoutInMs: 100,
      retry: defaultPostgresRetry,
      breaker: defaultPostgresBreaker,
    });
    try {
      const started = performance.now();
      const error = await executor
        .query('select pg_sleep(2)', [], { idempotent: true })
        .catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /did not finish a statement within the statement timeout \(100 ms\)/,
      );
      expect(((error as Error).cause as { code?: string }).code).toBe('57014');
      expect(executor.circuitState).toBe('closed');
      expect((await executor.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      executor.shutdown();
      await pool.end();
    }
  });

  it('gives up on an append that waits on a locked thread, and appends once the lock is gone', async () => {
    subject = await createPostgresStoreSubject({ statementTimeoutInMs: 200 });
    const { store, testSchema } = subject;
    await store.createThread({ tenantId: 'default', id: 'busy' });
    const locker = new pg.Client({
      connectionString: testSchema.url,
      options: `-c search_path=${testSchema.schema}`,
    });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query("select * from threads where id = 'busy' for update");
      const append = { tenantId: 'default', threadId: 'busy', role: 'user', content: 'x' } as const;
      const error = await store.appendTurn(append).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/statement timeout \(200 ms\)/);
      await locker.query('rollback');
      expect((await store.appendTurn(append)).turn.seq).toBe(1);
      expect(await store.listTurns('default', 'busy')).toHaveLength(1);
    } finally {
      await locker.end();
    }
  });
});
