import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';

/** The server the PostgreSQL tests use: `DATABASE_URL`, or the local standard port. */
export function postgresTestUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export interface PostgresProbe {
  available: boolean;
  url: string;
  /** `url` with its password masked, for messages. */
  redactedUrl: string;
  /** Why the server could not be used, when it could not. */
  reason?: string;
}

const probes = new Map<string, Promise<PostgresProbe>>();

/**
 * Whether the test server answers (checked once per URL and process). When it does not, prints a
 * loud line and resolves `available: false` so the tests skip — except with `CI=true`, where an
 * unreachable server is a failure and this throws. Use with a top-level await:
 * `const postgres = await probePostgres(); describe.skipIf(!postgres.available)(…)`.
 */
export function probePostgres(url: string = postgresTestUrl()): Promise<PostgresProbe> {
  let probe = probes.get(url);
  if (probe === undefined) {
    probe = (async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return { available: true, url, redactedUrl: redactUrl(url) };
      } catch (error) {
        const reason = error instanceof Error ? error.message || error.name : String(error);
        const line = `PostgreSQL at ${redactUrl(url)} is unreachable (${reason})`;
        if (process.env.CI === 'true') {
          throw new Error(
            `${line}. CI=true, so this is a failure: CI must start PostgreSQL or set DATABASE_URL.`,
          );
        }
        console.warn(`\n!!! SKIPPING POSTGRESQL TESTS: ${line}. Start PostgreSQL or set DATABASE_URL. !!!\n`);
        return { available: false, url, redactedUrl: redactUrl(url), reason };
      } finally {
        await client.end().catch(() => undefined);
      }
    })();
    probes.set(url, probe);
  }
  return probe;
}

/** A schema of its own for one test, and a pool whose connections use it. */
export interface TestSchema {
  url: string;
  /** `exai_test_<random>` (or the prefix given). */
  schema: string;
  /** At most 4 connections, each with `search_path` set to the schema. */
  pool: pg.Pool;
  /** Drops the schema with everything in it and closes the pool; safe to call twice. */
  drop(): Promise<void>;
}

/** A fresh random name: letters, digits and underscores only. */
export function randomTestName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function createTestSchema({
  url = postgresTestUrl(),
  prefix = 'exai_test',
}: { url?: string; prefix?: string } = {}): Promise<TestSchema> {
  const schema = randomTestName(prefix);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined); // A test that cuts connections must not crash the run.
  let dropped: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropped ??= (async () => {
      try {
        await pool.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await pool.end();
      }
    })();
    return dropped;
  };
  return { url, schema, pool, drop };
}

/**
 * Creates schemas for the tests of a file and drops every one after each test, whatever the
 * outcome. Call at the top of a `describe`.
 */
export function useTestSchemas(options: { url?: string; prefix?: string } = {}): () => Promise<TestSchema> {
  const created: TestSchema[] = [];
  afterEach(async () => {
    const schemas = created.splice(0);
    await Promise.all(schemas.map((schema) => schema.drop()));
  });
  return async () => {
    const schema = await createTestSchema(options);
    created.push(schema);
    return schema;
  };
}

/** A database of its own on the test server, for tests that cannot share one (a pooler's `public`). */
export interface TestDatabase {
  /** `exai_pooler_<random>` (or the prefix given). */
  database: string;
  /** The test server's URL with this database. */
  url: string;
  /** Drops the database, closing any connection still open to it; safe to call twice. */
  drop(): Promise<void>;
}

export async function createTestDatabase({
  url = postgresTestUrl(),
  prefix = 'exai_test_db',
}: { url?: string; prefix?: string } = {}): Promise<TestDatabase> {
  const database = randomTestName(prefix);
  const admin = (): pg.Client => new pg.Client({ connectionString: url });
  const client = admin();
  await client.connect();
  try {
    await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${database}`;
  let dropped: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropped ??= (async () => {
      const dropper = admin();
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${database}" with (force)`);
      } finally {
        await dropper.end();
      }
    })();
    return dropped;
  };
  return { database, url: databaseUrl.toString(), drop };
}
