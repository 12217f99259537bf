import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/index.js';
import { postgresMigrationDriver } from '../postgres/migrations/postgres-migration-driver.js';
import { createTestSchema, probePostgres } from '../postgres/test-support/postgres-test-database.js';
import {
  rpcFunctions,
  serviceOnlyWriteRpcFunctions,
  storeTables,
  userRpcFunctions,
  taskUserRpcFunctions,
} from './migrations/rpc-function-names.js';
import { supabaseMigrations } from './migrations/index.js';
import {
  createSupabaseTestProject,
  serviceRoleKey,
  userAccessToken,
  type SupabaseTestProject,
} from './test-support/supabase-test-project.js';
import { callRpcAs, seedTwoTenants, tenantA } from './test-support/two-tenant-fixture.js';

const postgres = await probePostgres();
const apiRoles = ['anon', 'authenticated', 'service_role'] as const;

describe.skipIf(!postgres.available)('Supabase migrations: privileges and row-level security', () => {
  let project: SupabaseTestProject | undefined;

  afterEach(async () => {
    await project?.close();
    project = undefined;
  });

  async function setUp(): Promise<{ project: SupabaseTestProject; pool: pg.Pool; schema: string }> {
    project = await createSupabaseTestProject();
    await seedTwoTenants(project.createStore());
    return { project, pool: project.testSchema.pool, schema: project.testSchema.schema };
  }

  it('gives the API roles no privilege on any table of the store', async () => {
    const { pool, schema } = await setUp();
    for (const table of [...storeTables, 'exai_migrations']) {
      for (const role of apiRoles) {
        const { rows } = await pool.query<{ allowed: boolean }>(
          `select has_table_privilege($1, $2, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as allowed`,
          [role, `"${schema}".${table}`],
        );
        expect(rows[0]?.allowed, `${role} on ${table}`).toBe(false);
      }
    }
  });

  it('refuses direct table access to the authenticated role, even with a valid tenant claim', async () => {
    const { pool } = await setUp();
    const client = await pool.connect();
    try {
      for (const sql of [
        'select * from threads',
        "insert into tenants (id, name) values ('x', 'x')",
        'delete from turns',
      ]) {
        await client.query('begin');
        await client.query("select set_config('role', 'authenticated', true)");
        await client.query("select set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ role: 'authenticated', tenant_id: tenantA }),
        ]);
        await expect(client.query(sql), sql).rejects.toMatchObject({ code: '42501' });
        await client.query('rollback');
      }
    } finally {
      client.release();
    }
  });

  it('grants EXECUTE exactly as documented: users the tenant functions, the service role all, anon ping', async () => {
    const { pool, schema } = await setUp();
    const { rows } = await pool.query<{ name: string; role: string }>(
      `select p.proname as name, r.role
         from pg_proc p cross join unnest($2::text[]) as r(role)
        where p.pronamespace = $1::regnamespace and has_function_privilege(r.role, p.oid, 'EXECUTE')`,
      [schema, apiRoles],
    );
    const executable = (role: string) =>
      rows
        .filter((row) => row.role === role)
        .map((row) => row.name)
        .sort();
    expect(executable('anon')).toEqual(['exai_ping']);
    expect(executable('authenticated')).toEqual([...userRpcFunctions, ...taskUserRpcFunctions].sort());
    for (const name of [
      'exai_record_usage',
      'exai_append_audit',
      'exai_put_file_record',
      'exai_adjust_file_references',
    ]) {
      expect(executable('authenticated'), name).not.toContain(name);
      expect(executable('service_role'), name).toContain(name);
    }
    expect([...serviceOnlyWriteRpcFunctions].sort()).toEqual([
      'exai_adjust_file_references',
      'exai_append_audit',
      'exai_put_file_record',
      'exai_record_usage',
    ]);
    expect(executable('service_role')).toEqual([...rpcFunctions].sort());
  });

  it('runs every function as exai_rpc_owner, which owns no table and bypasses no row-level security', async () => {
    const { pool, schema } = await setUp();
    const functions = await pool.query<{
      name: string;
      definer: boolean;
      owner: string;
      path: string[] | null;
    }>(
      `select p.proname as name, p.prosecdef as definer, p.proowner::regrole::text as owner, p.proconfig as path
         from pg_proc p where p.pronamespace = $1::regnamespace and p.proname = any ($2)`,
      [schema, rpcFunctions],
    );
    const pinned = await pool.query<{ setting: string }>(
      `select format('search_path=%s, pg_temp', quote_ident($1)) as setting`,
      [schema],
    );
    expect(functions.rows.map((row) => row.name).sort()).toEqual([...rpcFunctions].sort());
    for (const row of functions.rows) {
      expect(row, row.name).toMatchObject({ definer: true, owner: 'exai_rpc_owner' });
      expect(row.path, row.name).toEqual([pinned.rows[0]?.setting]);
    }
    const owner = await pool.query(
      `select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'exai_rpc_owner'`,
    );
    expect(owner.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const tables = await pool.query<{ table: string; rls: boolean; owner: string }>(
      `select c.relname as table, c.relrowsecurity as rls, c.relowner::regrole::text as owner
         from pg_class c where c.relnamespace = $1::regnamespace and c.relname = any ($2)`,
      [schema, storeTables],
    );
    expect(tables.rows).toHaveLength(storeTables.length);
    for (const row of tables.rows) {
      expect(row.rls, row.table).toBe(true);
      expect(row.owner, row.table).not.toBe('exai_rpc_owner');
    }
  });

  it('filters rows by the caller’s claim inside the functions, even where a function forgets to', async () => {
    const { project, pool, schema } = await setUp();
    // A function with no tenant filter at all, owned like the real ones: only row-level security limits it.
    await pool.query(`
      create function "${schema}".exai_unfiltered_thread_ids() returns jsonb
      language sql security definer set search_path = "${schema}", pg_temp
      as $$ select coalesce(jsonb_agg(id order by id), '[]') from threads $$;
      alter function "${schema}".exai_unfiltered_thread_ids() owner to exai_rpc_owner;
      grant execute on function "${schema}".exai_unfiltered_thread_ids() to authenticated, service_role;`);

    const asUser = await callRpcAs(project, userAccessToken(tenantA), 'exai_unfiltered_thread_ids', {});
    expect(asUser).toEqual({ status: 200, body: ['tenant-a-thread'] });
    const asService = await callRpcAs(project, serviceRoleKey, 'exai_unfiltered_thread_ids', {});
    expect(asService).toEqual({ status: 200, body: ['tenant-a-thread', 'tenant-b-thread'] });
    const asOtherUser = await callRpcAs(
      project,
      userAccessToken('tenant-c'),
      'exai_unfiltered_thread_ids',
      {},
    );
    expect(asOtherUser).toEqual({ status: 200, body: [] });
  });

  it('migrates down to migration 1 and back up, leaving no function or policy of its own behind', async () => {
    const { pool, schema } = await setUp();
    const driver = postgresMigrationDriver(pool, schema);
    const aboveMigration1 = supabaseMigrations
      .map((migration) => migration.version)
      .filter((version) => version > 1);
    expect(await migrate(driver, supabaseMigrations, { direction: 'down', to: 1 })).toEqual({
      applied: [],
      reverted: [...aboveMigration1].reverse(),
    });
    const leftovers = await pool.query(
      `select proname from pg_proc where pronamespace = $1::text::regnamespace and proowner = 'exai_rpc_owner'::regrole
       union all select policyname from pg_policies where schemaname = $1::text and policyname = 'exai_rpc_service_role'`,
      [schema],
    );
    expect(leftovers.rows).toEqual([]);
    const tenant = await pool.query(`select has_function_privilege('anon', $1, 'EXECUTE') as allowed`, [
      `"${schema}".exai_current_tenant()`,
    ]);
    expect(tenant.rows[0]).toEqual({ allowed: true });
    expect(await migrate(driver, supabaseMigrations, { direction: 'up' })).toEqual({
      applied: aboveMigration1,
      reverted: [],
    });
  });

  it('closes what Supabase opens by default: privileges granted on every new table and function', async () => {
    const testSchema = await createTestSchema({ prefix: 'exai_supabase' });
    try {
      const { pool, schema } = testSchema;
      await pool.query(`grant usage on schema "${schema}" to anon, authenticated, service_role`);
      await pool.query(
        `alter default privileges in schema "${schema}" grant all on tables to anon, authenticated, service_role`,
      );
      await pool.query(
        `alter default privileges in schema "${schema}" grant all on functions to anon, authenticated, service_role`,
      );
      await migrate(postgresMigrationDriver(pool, schema), supabaseMigrations, { direction: 'up' });

      const tables = await pool.query(
        `select c.relname, r.role from pg_class c cross join unnest($2::text[]) as r(role)
          where c.relnamespace = $1::text::regnamespace and c.relkind = 'r'
            and has_table_privilege(r.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE')`,
        [schema, apiRoles],
      );
      expect(tables.rows).toEqual([]);
      const functions = await pool.query<{ name: string }>(
        `select p.proname as name from pg_proc p
          where p.pronamespace = $1::text::regnamespace and has_function_privilege('authenticated', p.oid, 'EXECUTE')`,
        [schema],
      );
      expect(functions.rows.map((row) => row.name).sort()).toEqual(
        [...userRpcFunctions, ...taskUserRpcFunctions].sort(),
      );
    } finally {
      await testSchema.drop();
    }
  });
});
