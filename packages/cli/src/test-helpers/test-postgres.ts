import pg from 'pg';

/** The PostgreSQL server the tests use: `DATABASE_URL`, or the local standard port. */
export const testDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why the test server cannot be reached, or undefined when it answers. Unreachable, it prints a
 * loud line naming the tests that will skip (`what`), except with `CI=true`, where it throws.
 */
export async function postgresUnreachable(what: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 2_000 });
  let reason: string | undefined;
  try {
    await client.connect();
  } catch (error) {
    reason = (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason === undefined) return undefined;
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL at ${testDatabaseUrl} is unreachable in CI: ${reason}`);
  console.warn(`\n!!! SKIPPING ${what}: ${testDatabaseUrl} is unreachable (${reason}) !!!\n`);
  return reason;
}
