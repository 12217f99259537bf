import { describe, expect, it } from 'vitest';
import { migrate, migrationStatus, type Migration } from '../../migrations/index.js';
import { createPostgresSessionStore } from '../create-postgres-session-store.js';
import { catalogSnapshot } from '../test-support/catalog-snapshot.js';
import { probePostgres, useTestSchemas } from '../test-support/postgres-test-database.js';
import { postgresMigrations } from './index.js';
import { postgresMigrationDriver } from './postgres-migration-driver.js';

const postgres = await probePostgres();

/** A later step, for these tests only: it adds a column and an index, and takes them away. */
const versions = postgresMigrations.map((migration) => migration.version);
const testMigration: Migration = {
  version: versions.length + 1,
  name: 'test-thread-notes',
  up: 'alter table threads add column note text; create index threads_note_idx on threads (note);',
  down: 'drop index threads_note_idx; alter table threads drop column note;',
};

describe.skipIf(!postgres.available)('PostgreSQL migrations', () => {
  const createSchema = useTestSchemas();

  it('leaves the same schema after up, down and up again', async () => {
    const { pool, schema } = await createSchema();
    const driver = postgresMigrationDriver(pool, schema);
    expect(await migrate(driver, postgresMigrations, { direction: 'up' })).toEqual({
      applied: versions,
      reverted: [],
    });
    const first = await catalogSnapshot(pool, schema);
    expect(first.indexes.join('\n')).toContain('threads_tenant_recent_idx');
    expect(first.policies).toHaveLength(10);
    expect(first.triggers).toHaveLength(2);

    expect(await migrate(driver, postgresMigrations, { direction: 'down', to: 0 })).toEqual({
      applied: [],
      reverted: [...versions].reverse(),
    });
    const empty = await catalogSnapshot(pool, schema);
    // Only the runner's own table is left.
    expect(empty.columns.every((line) => line.startsWith('exai_migrations '))).toBe(true);
    expect(empty.functions).toEqual([]);
    expect(empty.policies).toEqual([]);

    await migrate(driver, postgresMigrations, { direction: 'up' });
    expect(await catalogSnapshot(pool, schema)).toEqual(first);
    expect((await migrationStatus(driver, postgresMigrations)).map((row) => row.state)).toEqual(
      versions.map(() => 'applied'),
    );
  });

  it('refuses negative tokens, latency, cost, size and reference counts in the tables themselves', async () => {
    const { pool, schema } = await createSchema();
    await migrate(postgresMigrationDriver(pool, schema), postgresMigrations, { direction: 'up' });
    const valid: Record<string, number> = { input_tokens: 1, output_tokens: 1, cost_usd: 0.5, latency_ms: 1 };
    const usage = (column: string) => {
      const values = { ...valid, [column]: -1 };
      return pool.query(
        `insert into usage_records (tenant_id, id, model, input_tokens, output_tokens, cost_usd, latency_ms, status)
         values ('default', $1, 'm', $2, $3, $4, $5, 'ok')`,
        [column, values.input_tokens, values.output_tokens, values.cost_usd, values.latency_ms],
      );
    };
    for (const column of ['input_tokens', 'output_tokens', 'cost_usd', 'latency_ms']) {
      await expect(usage(column), column).rejects.toMatchObject({ code: '23514' });
    }
    await usage('none');
    const file = (size: number, refCount: number) =>
      pool.query(
        `insert into files (tenant_id, provider, sha256, provider_file_id, size_bytes, ref_count)
         values ('default', 'kimi', $1, 'f', $2, $3)`,
        [`${size}-${refCount}`, size, refCount],
      );
    await expect(file(-1, 0)).rejects.toMatchObject({ code: '23514' });
    await expect(file(1, -1)).rejects.toMatchObject({ code: '23514' });
    await file(0, 0);
  });

  it('keeps the data through a later migration’s up and down', async () => {
    const { pool, schema, url } = await createSchema();
    const store = await createPostgresSessionStore({ connectionString: url, schema, pool: { max: 2 } });
    try {
      await store.createThread({ tenantId: 'default', id: 'kept', title: 'keep me' });
      await store.appendTurn({ tenantId: 'default', threadId: 'kept', role: 'user', content: 'hello' });
      const driver = postgresMigrationDriver(pool, schema);
      const chain = [...postgresMigrations, testMigration];

      await migrate(driver, chain, { direction: 'up' });
      await pool.query("update threads set note = 'n' where id = 'kept'");
      expect((await store.getThread('default', 'kept'))?.title).toBe('keep me');

      expect(await migrate(driver, chain, { direction: 'down' })).toEqual({
        applied: [],
        reverted: [versions.length + 1],
      });
      expect(await store.getThread('default', 'kept')).toMatchObject({ title: 'keep me', turnCount: 1 });
      expect((await store.listTurns('default', 'kept')).map((turn) => turn.content)).toEqual(['hello']);
    } finally {
      await store.close();
    }
  });

  it('lets one of two concurrent migrators apply and the other find nothing to do', async () => {
    const { schema, url } = await createSchema();
    const { default: pg } = await import('pg');
    const pools = [
      new pg.Pool({ connectionString: url, max: 2 }),
      new pg.Pool({ connectionString: url, max: 2 }),
    ];
    try {
      const results = await Promise.all(
        pools.map((pool) =>
          migrate(postgresMigrationDriver(pool, schema), postgresMigrations, { direction: 'up' }),
        ),
      );
      expect(results.map((result) => result.applied).sort()).toEqual([[], versions]);
      const rows = await pools[0]!.query(`select version from "${schema}".exai_migrations order by version`);
      expect(rows.rows).toEqual(versions.map((version) => ({ version })));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('creates a schema that does not exist yet, and refuses to open a store on an unmigrated one', async () => {
    const { pool, schema, url } = await createSchema();
    const fresh = `${schema}_fresh`;
    try {
      await expect(
        createPostgresSessionStore({ connectionString: url, schema: fresh, migrate: false }),
      ).rejects.toMatchObject({ code: 'migration_pending' });
      const store = await createPostgresSessionStore({
        connectionString: url,
        schema: fresh,
        pool: { max: 2 },
      });
      expect(await store.getTenant('default')).toMatchObject({ id: 'default' });
      await store.close();
      const reopened = await createPostgresSessionStore({
        connectionString: url,
        schema: fresh,
        migrate: false,
      });
      await reopened.ping();
      await reopened.close();
    } finally {
      await pool.query(`drop schema if exists "${fresh}" cascade`);
    }
  });
});
