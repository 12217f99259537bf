import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { supabaseMigrations } from '../supabase/migrations/index.js';
import { postgresMigrations } from './migrations/index.js';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from './test-support/postgres-store-subject.js';
import { probePostgres, randomTestName } from './test-support/postgres-test-database.js';

const postgres = await probePostgres();

/**
 * Holds for every table of the schema, including ones added by later migrations: each table that
 * keeps a tenant's rows has row-level security enabled with a policy, and a role subject to it,
 * acting for one tenant, sees none of another tenant's rows in it.
 */
describe.skipIf(!postgres.available)('PostgreSQL: every tenant table is isolated', () => {
  let subject: PostgresStoreSubject | undefined;
  let role: string | undefined;

  afterEach(async () => {
    await subject?.store.close();
    await subject?.cleanup();
    if (role !== undefined) {
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`drop role if exists "${role}"`).finally(() => admin.end());
    }
    subject = undefined;
    role = undefined;
  });

  it.each([
    ['PostgreSQL', postgresMigrations],
    ['Supabase', supabaseMigrations],
  ] as const)(
    '%s chain: row-level security with a policy on every table with tenant rows, hiding other tenants in each',
    async (_name, migrations) => {
      subject = await createPostgresStoreSubject({ migrations });
      const { store, testSchema } = subject;
      const { pool, schema } = testSchema;
      for (const tenantId of ['tenant-a', 'tenant-b']) {
        await store.createTenant({ id: tenantId });
        const thread = await store.createThread({ tenantId, id: 'same-id' });
        await store.appendTurn({ tenantId, threadId: thread.id, role: 'user', content: tenantId });
        await store.putWorkflowState(tenantId, thread.id, { step: 1 });
        await store.putFileRecord({
          tenantId,
          provider: 'kimi',
          sha256: 'a'.repeat(64),
          providerFileId: 'f',
          sizeInBytes: 1,
        });
        await store.recordUsage({
          tenantId,
          model: 'm',
          inputTokens: 1,
          outputTokens: 1,
          latencyInMs: 1,
          status: 'ok',
        });
        await store.appendAudit({ tenantId, action: 'test.event' });
        await store.createApiKey({ tenantId, name: 'k', prefix: 'exai_x', hash: tenantId.padEnd(64, '0') });
      }

      const tables = await pool.query<{ table: string; column: string; rls: boolean; policies: number }>(
        `select c.relname as table, a.attname as column, c.relrowsecurity as rls,
              (select count(*) from pg_policies p where p.schemaname = $1 and p.tablename = c.relname)::int as policies
         from pg_class c join pg_attribute a on a.attrelid = c.oid
        where c.relnamespace = $1::text::regnamespace and c.relkind in ('r', 'p')
          and ((a.attname = 'tenant_id') or (c.relname = 'tenants' and a.attname = 'id'))
        order by c.relname`,
        [schema],
      );
      const names = tables.rows.map((row) => row.table);
      expect(names).toEqual(
        expect.arrayContaining([
          'api_keys',
          'audit_events',
          'files',
          'tenants',
          'threads',
          'turns',
          'usage_records',
          'workflow_states',
        ]),
      );
      for (const row of tables.rows) {
        expect({ table: row.table, rls: row.rls, hasPolicy: row.policies > 0 }).toEqual({
          table: row.table,
          rls: true,
          hasPolicy: true,
        });
      }

      role = randomTestName('exai_rls');
      await pool.query(`create role "${role}" nologin`);
      await pool.query(`grant usage on schema "${schema}" to "${role}"`);
      await pool.query(`grant select on all tables in schema "${schema}" to "${role}"`);
      // The Supabase chain revokes this from PUBLIC (policies run it as the querying role).
      await pool.query(`grant execute on function "${schema}".exai_current_tenant() to "${role}"`);
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`set local role "${role}"`);
        await client.query("select set_config('exai.tenant_id', 'tenant-a', true)");
        for (const { table, column } of tables.rows) {
          const seen = await client.query<{ tenant: string }>(
            `select distinct "${column}" as tenant from "${schema}"."${table}"`,
          );
          expect({ table, tenants: seen.rows.map((r) => r.tenant) }).toEqual({
            table,
            tenants: table === 'tenants' || seen.rows.length > 0 ? ['tenant-a'] : [],
          });
        }
      } finally {
        await client.query('rollback');
        client.release();
      }
    },
  );
});
