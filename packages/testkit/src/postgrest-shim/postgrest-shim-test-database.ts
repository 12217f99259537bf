import pg from 'pg';

/** The server the shim's own tests use (`DATABASE_URL`, default the local standard port). */
export const testDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers. When it does not, this prints a loud line and the tests skip —
 * except with `CI=true`, where it throws so the run fails instead of passing without them.
 */
export async function checkTestDatabase(suite: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    const where = testDatabaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    const reason = error instanceof Error ? error.message : String(error);
    const line = `PostgreSQL is unreachable at ${where} (${reason}); ${suite} needs it`;
    if (process.env.CI === 'true') throw new Error(`${line}. CI=true, so this is a failure, not a skip.`);
    console.warn(`\n!!! SKIPPING ${suite}: ${line}. Set DATABASE_URL to run them.\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the API roles PostgREST switches to, as plain PostgreSQL lacks them; safe to race. */
export async function ensureApiRoles(client: pg.Client): Promise<void> {
  for (const role of ['anon', 'authenticated', 'service_role']) {
    await client.query(`
      do $$ begin
        create role ${role} nologin;
      exception when duplicate_object or unique_violation then null;
      end $$`);
  }
}

/** A fresh schema name for one test file. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
