import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from './test-support/postgres-store-subject.js';
import { probePostgres, randomTestName } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();

/** Runs `fn` in a transaction as `role` with the given settings, then rolls back. */
async function asRole<T>(
  pool: pg.Pool,
  role: string,
  settings: Record<string, string>,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local role "${role}"`);
    for (const [name, value] of Object.entries(settings)) {
      await client.query('select set_config($1, $2, true)', [name, value]);
    }
    return await fn(client);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

const claimsFor = (tenantId: string) => ({
  'request.jwt.claims': JSON.stringify({ tenant_id: tenantId, role: 'x' }),
});

describe.skipIf(!postgres.available)('PostgreSQL row-level security', () => {
  let subject: PostgresStoreSubject | undefined;
  let role: string | undefined;

  afterEach(async () => {
    await subject?.store.close();
    await subject?.cleanup(); // Dropping the schema drops the grants on it, so the role can go.
    if (role !== undefined) {
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`drop role if exists "${role}"`).finally(() => admin.end());
    }
    subject = undefined;
    role = undefined;
  });

  async function seed(): Promise<{ pool: pg.Pool; role: string }> {
    subject = await createPostgresStoreSubject();
    const { store, testSchema } = subject;
    for (const tenantId of ['tenant-a', 'tenant-b']) {
      await store.createTenant({ id: tenantId });
      await store.createThread({ tenantId, id: `${tenantId}-thread`, title: tenantId });
      await store.appendTurn({ tenantId, threadId: `${tenantId}-thread`, role: 'user', content: tenantId });
      const usage = { tenantId, model: 'kimi:k2', inputTokens: 1, outputTokens: 1, latencyInMs: 1 };
      await store.recordUsage({ ...usage, status: 'ok' });
    }
    role = randomTestName('exai_rls');
    const { pool, schema } = testSchema;
    await pool.query(`create role "${role}" nologin`);
    await pool.query(`grant usage on schema "${schema}" to "${role}"`);
    await pool.query(`grant select, insert, update, delete on all tables in schema "${schema}" to "${role}"`);
    return { pool, role };
  }

  it('shows a tenant only its own threads, turns, usage and tenant row', async () => {
    const { pool, role } = await seed();
    const seen = await asRole(pool, role, claimsFor('tenant-a'), async (client) => {
      const column = async (sql: string) =>
        (await client.query<{ v: string }>(sql)).rows.map((row) => row.v).sort();
      return {
        threads: await column('select id as v from threads'),
        turns: await column('select content as v from turns'),
        usage: await column('select tenant_id as v from usage_records'),
        tenants: await column('select id as v from tenants'),
      };
    });
    expect(seen).toEqual({
      threads: ['tenant-a-thread'],
      turns: ['tenant-a'],
      usage: ['tenant-a'],
      tenants: ['tenant-a'],
    });
  });

  it('falls back to the exai.tenant_id setting, and shows nothing without a tenant', async () => {
    const { pool, role } = await seed();
    const ids = (settings: Record<string, string>) =>
      asRole(pool, role, settings, async (client) => (await client.query('select id from threads')).rows);
    expect(await ids({ 'exai.tenant_id': 'tenant-b' })).toEqual([{ id: 'tenant-b-thread' }]);
    expect(await ids({})).toEqual([]);
  });

  it('cannot update or delete another tenant’s rows', async () => {
    const { pool, role } = await seed();
    const counts = await asRole(pool, role, claimsFor('tenant-a'), async (client) => ({
      update: (await client.query("update threads set title = 'hijacked' where tenant_id = 'tenant-b'"))
        .rowCount,
      deleteTurns: (await client.query("delete from turns where tenant_id = 'tenant-b'")).rowCount,
      deleteUsage: (await client.query('delete from usage_records')).rowCount,
      ownUpdate: (await client.query("update threads set title = 'mine' where tenant_id = 'tenant-a'"))
        .rowCount,
    }));
    expect(counts).toEqual({ update: 0, deleteTurns: 0, deleteUsage: 1, ownUpdate: 1 });
    expect(await subject!.store.getThread('tenant-b', 'tenant-b-thread')).toMatchObject({
      title: 'tenant-b',
    });
    expect(await subject!.store.listTurns('tenant-b', 'tenant-b-thread')).toHaveLength(1);
  });

  it('cannot insert a row for another tenant, nor move its own row to one', async () => {
    const { pool, role } = await seed();
    const attempt = (sql: string) =>
      asRole(pool, role, claimsFor('tenant-a'), (client) => client.query(sql)).then(
        () => 'inserted',
        (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
      );
    const now = 'now()';
    expect(
      await attempt(
        `insert into threads (tenant_id, id, created_at, updated_at) values ('tenant-b', 'x', ${now}, ${now})`,
      ),
    ).toMatch(/^42501: new row violates row-level security policy/);
    expect(await attempt("update threads set tenant_id = 'tenant-b' where tenant_id = 'tenant-a'")).toMatch(
      /^42501: new row violates row-level security policy/,
    );
    expect(
      await attempt(
        `insert into threads (tenant_id, id, created_at, updated_at) values ('tenant-a', 'x', ${now}, ${now})`,
      ),
    ).toBe('inserted');
  });
});
