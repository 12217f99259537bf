import { InvalidArgumentError, StoreUnavailableError, type SessionStoreV1 } from '@exai/core';
import { describeSessionStoreContract } from '@exai/core/test';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MigrationPendingError } from '../migrations/index.js';
import { openSessionStore, parseStoreSpec } from '../open/index.js';
import { createPostgresPool } from './create-postgres-pool.js';
import { createPostgresSessionStore } from './create-postgres-session-store.js';
import { describePostgresTarget } from './executor/describe-postgres-target.js';
import { createPostgresExecutor } from './executor/postgres-executor.js';
import { defaultPostgresBreaker, defaultPostgresRetry } from './executor/postgres-executor-settings.js';
import {
  createMigratedTestDatabase,
  type MigratedTestDatabase,
} from './test-support/migrated-test-database.js';
import { createTestDatabase, postgresTestUrl, probePostgres } from './test-support/postgres-test-database.js';
import { postgresStoreFaults, type StoreTables } from './test-support/postgres-store-faults.js';
import { probePgBouncer, startPgBouncer, type PgBouncer } from './test-support/start-pgbouncer.js';

const postgres = await probePostgres();
const pgBouncer = postgres.available ? await probePgBouncer() : undefined;
const skipReason = !postgres.available
  ? `PostgreSQL at ${postgres.redactedUrl} is unreachable (${postgres.reason})`
  : pgBouncer?.available
    ? false
    : (pgBouncer?.reason ?? 'pgbouncer is not installed');

/**
 * PgBouncer in transaction mode, and migrated databases behind it (each test needs `public` to
 * itself, and a contract test may open two stores): reset and lent again after each use.
 */
let bouncer: PgBouncer | undefined;
const databases: { drop(): Promise<void> }[] = [];
const idleDatabases: MigratedTestDatabase[] = [];

if (skipReason === false) {
  beforeAll(async () => {
    bouncer = await startPgBouncer({
      binary: pgBouncer!.binary!,
      serverUrl: postgresTestUrl(),
      poolMode: 'transaction',
      defaultPoolSize: 2,
      maxClientConnections: 20,
    });
  });
  afterAll(async () => {
    // PgBouncer first: it holds server connections to the databases.
    await bouncer?.stop();
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });
}

async function borrowDatabase(): Promise<MigratedTestDatabase> {
  const idle = idleDatabases.pop();
  if (idle !== undefined) return idle;
  const database = await createMigratedTestDatabase({ prefix: 'exai_pooler' });
  databases.push(database);
  return database;
}

async function giveBack(database: MigratedTestDatabase): Promise<void> {
  await database.reset();
  idleDatabases.push(database);
}

function throughPooler(database: { database: string }): string {
  if (bouncer === undefined) throw new Error('PgBouncer is not running');
  return bouncer.url(database.database);
}

/** Each pooled store's database, reached directly, where the fault trigger goes. */
const directTables = new WeakMap<SessionStoreV1, StoreTables>();

describeSessionStoreContract(
  'postgres via pgbouncer (transaction mode)',
  async () => {
    const database = await borrowDatabase();
    const release = (): Promise<void> => giveBack(database);
    try {
      const store = await createPostgresSessionStore({
        connectionString: throughPooler(database),
        poolMode: 'transaction',
        migrate: false,
        pool: { max: 4 },
      });
      directTables.set(store, { url: database.url, schema: 'public' });
      return { store, cleanup: release };
    } catch (error) {
      await release();
      throw error;
    }
  },
  { skip: skipReason, faults: postgresStoreFaults((store) => directTables.get(store)!) },
);

describe.skipIf(skipReason !== false)(`PostgreSQL behind ${pgBouncer?.version ?? 'PgBouncer'}`, () => {
  const executorThroughPooler = (database: MigratedTestDatabase, statementTimeoutInMs: number) => {
    const url = throughPooler(database);
    const pool = createPostgresPool({
      connectionString: url,
      schema: 'public',
      pool: { max: 2 },
      statementTimeoutInMs,
      poolMode: 'transaction',
    });
    pool.on('error', () => undefined);
    const executor = createPostgresExecutor({
      pool,
      target: describePostgresTarget(url),
      statementTimeoutInMs,
      poolMode: 'transaction',
      retry: defaultPostgresRetry,
      breaker: defaultPostgresBreaker,
    });
    return {
      executor,
      close: async () => {
        executor.shutdown();
        await pool.end();
      },
    };
  };

  it('keeps the statement timeout inside a transaction, without leaking it to the server connection', async () => {
    const database = await borrowDatabase();
    const { executor, close } = executorThroughPooler(database, 200);
    try {
      const started = performance.now();
      const error = await executor
        .transaction((client) => client.query('select pg_sleep(3)'))
        .catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/within the statement timeout \(200 ms\) and cancelled it/);
      // Cancelled by the server (SET LOCAL reached it through the pooler), not by the client.
      expect(((error as Error).cause as { code?: string }).code).toBe('57014');
      // Outside any transaction (a reserved connection sends statements as they are) the server
      // connection has no timeout left over from the transaction's SET LOCAL.
      const reserved = await executor.reserve();
      try {
        const { rows } = await reserved.query<{ statement_timeout: string }>('show statement_timeout');
        expect(rows).toEqual([{ statement_timeout: '0' }]);
      } finally {
        reserved.release();
      }
      expect(executor.circuitState).toBe('closed');
    } finally {
      await close();
      await giveBack(database);
    }
  });

  it('has the server cancel a standalone statement too, and the connection works after', async () => {
    const database = await borrowDatabase();
    const { executor, close } = executorThroughPooler(database, 200);
    try {
      const started = performance.now();
      const error = await executor
        .query('select pg_sleep(3)', [], { idempotent: true })
        .catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(((error as Error).cause as { code?: string }).code).toBe('57014');
      const again = performance.now();
      expect((await executor.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      expect(performance.now() - again).toBeLessThan(1_000);
      expect(executor.circuitState).toBe('closed');
    } finally {
      await close();
      await giveBack(database);
    }
  });

  it('never applies a write it reported as timed out', async () => {
    const database = await borrowDatabase();
    const store = await createPostgresSessionStore({
      connectionString: throughPooler(database),
      poolMode: 'transaction',
      statementTimeoutInMs: 300,
      retry: { maxRetries: 0 },
    });
    const direct = new pg.Client({ connectionString: database.url });
    await direct.connect();
    try {
      const thread = await store.createThread({ tenantId: 'default', title: 'locked' });
      // Hold the thread's row so the append waits past the timeout.
      await direct.query('begin');
      await direct.query('select 1 from threads where tenant_id = $1 and id = $2 for update', [
        'default',
        thread.id,
      ]);
      const error = await store
        .appendTurn({ tenantId: 'default', threadId: thread.id, role: 'user', content: 'late' })
        .catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      await direct.query('commit');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await store.listTurns('default', thread.id)).toEqual([]);
      expect((await store.getThread('default', thread.id))?.turnCount).toBe(0);
    } finally {
      await direct.end();
      await store.close();
      await giveBack(database);
    }
  });

  it('sends no named prepared statement, whatever the store does', async () => {
    const database = await borrowDatabase();
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    const store = await createPostgresSessionStore({
      connectionString: throughPooler(database),
      poolMode: 'transaction',
    });
    try {
      const thread = await store.createThread({ tenantId: 'default', title: 'pooled' });
      await store.appendTurn({ tenantId: 'default', threadId: thread.id, role: 'user', content: 'hi' });
      await store.listTurns('default', thread.id);
      await store.listThreads('default');
      await store.expire(new Date());
      const records = [];
      for await (const record of store.exportRecords()) records.push(record);
      await store.importRecords(records);
      const configs = sent.mock.calls.map(([config]) => config as unknown);
      expect(configs.length).toBeGreaterThan(5);
      expect(
        configs.filter((config) => typeof config === 'object' && config !== null && 'name' in config),
      ).toEqual([]);
    } finally {
      sent.mockRestore();
      await store.close();
      await giveBack(database);
    }
  });

  it('opens with the migrations only checked, and says when they are pending', async () => {
    const database = await createTestDatabase({ prefix: 'exai_pooler' });
    databases.push(database);
    const error = await createPostgresSessionStore({
      connectionString: throughPooler(database),
      poolMode: 'transaction',
    }).catch((e: unknown) => e);
    expect(MigrationPendingError.isInstance(error)).toBe(true);
  });

  it('opens from a store spec with EXAI_PG_POOL_MODE=transaction, checking migrations only', async () => {
    const database = await borrowDatabase();
    const spec = parseStoreSpec(throughPooler(database), { env: { EXAI_PG_POOL_MODE: 'transaction' } });
    const store = await openSessionStore(spec);
    try {
      const thread = await store.createThread({ tenantId: 'default', title: 'from a spec' });
      expect((await store.getThread('default', thread.id))?.title).toBe('from a spec');
    } finally {
      await store.close();
      await giveBack(database);
    }
  });

  it('tells a session-mode store refused by the pooler to use the transaction pool mode', async () => {
    const database = await borrowDatabase();
    try {
      const error = await createPostgresSessionStore({
        connectionString: throughPooler(database),
        migrate: false,
        retry: { maxRetries: 0 },
      }).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/unsupported startup parameter: options/);
      expect((error as Error).message).toContain("open the store with poolMode: 'transaction'");
    } finally {
      await giveBack(database);
    }
  });
});

describe("poolMode: 'transaction' refuses what a transaction-mode pooler cannot do", () => {
  // Port 1 on 127.0.0.1: nothing listens, so these pass only if nothing is attempted.
  const nowhere = 'postgres://postgres@127.0.0.1:1/exai';

  it('refuses migrate: true before connecting, and says how to migrate instead', async () => {
    const error = await createPostgresSessionStore({
      connectionString: nowhere,
      poolMode: 'transaction',
      migrate: true,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('migrate');
    expect((error as Error).message).toMatch(/session-level advisory lock/);
    expect((error as Error).message).toMatch(
      /Run `exai migrate up` against the direct connection \(or the session-mode pooler\) first, then open this store with migrate: false/,
    );
  });

  it('refuses a schema other than public', async () => {
    const error = await createPostgresSessionStore({
      connectionString: nowhere,
      poolMode: 'transaction',
      schema: 'exai',
      migrate: false,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('schema');
    expect((error as Error).message).toMatch(
      /"exai" cannot be used with poolMode: 'transaction'.*must be in `public`/,
    );
  });

  it('refuses an unknown pool mode', async () => {
    const error = await createPostgresSessionStore({
      connectionString: nowhere,
      poolMode: 'statement' as 'transaction',
    }).catch((e: unknown) => e);
    expect((error as InvalidArgumentError).argument).toBe('poolMode');
  });
});
