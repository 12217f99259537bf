import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the drill uses: `DATABASE_URL`, or the local standard port. */
export function drillPostgresUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

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

/** A database of its own on the server (`exai_drill_<random>_<suffix>`), and how to drop it. */
export interface DrillDatabase {
  name: string;
  url: string;
  /** `drop database … with (force)`: every connection to it is cut. Safe to call twice. */
  drop(): Promise<void>;
}

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function drillRunId(): string {
  return `exai_drill_${randomBytes(4).toString('hex')}`;
}

export async function createDrillDatabase(serverUrl: string, name: string): Promise<DrillDatabase> {
  await admin(serverUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      admin(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(
        () => undefined,
      ),
  };
}
