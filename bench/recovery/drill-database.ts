import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
