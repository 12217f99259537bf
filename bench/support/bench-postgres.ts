import pg from 'pg';

/** The server the benches and the recovery drill use: `DATABASE_URL`, or the local standard port. */
export function benchPostgresUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** `url` with its password masked, for printing. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Why the server cannot be used, or undefined when it answers. */
export async function postgresUnreachableReason(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a bench's schema and everything in it; a server that cannot be reached is left as it is. */
export async function dropBenchSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client
    .connect()
    .then(() => client.query(`drop schema if exists "${schema}" cascade`))
    .catch(() => undefined);
  await client.end().catch(() => undefined);
}
