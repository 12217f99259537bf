import pg from 'pg';
import { createPostgresSessionStore } from '../create-postgres-session-store.js';
import { createTestDatabase, type TestDatabase } from './postgres-test-database.js';

/** A database of its own, migrated in `public`, that can be put back to just-migrated quickly. */
export interface MigratedTestDatabase extends TestDatabase {
  /** Empties every exai table and puts back the rows the migrations wrote (the default tenant). */
  reset(): Promise<void>;
}

const tablesSql = `select tablename as table from pg_tables
  where schemaname = 'public' and tablename <> 'exai_migrations' order by tablename`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database migrated over the direct connection (as `exai migrate up` would). `reset`
 * truncates and restores the migrations' rows: much faster than a new database per test.
 */
export async function createMigratedTestDatabase(
  options: { url?: string; prefix?: string } = {},
): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(options);
  try {
    const store = await createPostgresSessionStore({ connectionString: database.url, pool: { max: 1 } });
    await store.close();
    const seed = await withClient(database.url, async (client) => {
      const { rows } = await client.query<{ table: string }>(tablesSql);
      const seeded = new Map<string, string>();
      for (const { table } of rows) {
        const result = await client.query<{ rows: string }>(
          `select coalesce(json_agg(t), '[]')::text as rows from "${table}" t`,
        );
        if (result.rows[0]!.rows !== '[]') seeded.set(table, result.rows[0]!.rows);
      }
      return { tables: rows.map(({ table }) => `"${table}"`).join(', '), seeded };
    });
    const reset = (): Promise<void> =>
      withClient(database.url, async (client) => {
        await client.query('begin');
        await client.query(`truncate ${seed.tables} restart identity cascade`);
        for (const [table, rows] of seed.seeded) {
          await client.query(
            `insert into "${table}" select * from json_populate_recordset(null::"${table}", $1)`,
            [rows],
          );
        }
        await client.query('commit');
      });
    return { ...database, reset };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
