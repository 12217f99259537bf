import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresMigrations } from '@exai/storage/postgres';
import { supabaseMigrations } from '@exai/storage/supabase';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';
import { postgresUnreachable, testDatabaseUrl } from './test-helpers/test-postgres.js';

const unreachable = await postgresUnreachable(
  'CLI TESTS OF A SCHEMA MIGRATED FOR THE OTHER POSTGRESQL STORE',
);

let directory: string;
const admin = new pg.Client({ connectionString: testDatabaseUrl });
const databases: string[] = [];

/** A database of its own on the test server, dropped after the tests. */
async function createDatabase(): Promise<string> {
  const name = `exai_cli_other_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`create database ${name}`);
  databases.push(name);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function exai(argv: string[], env: Record<string, string> = {}) {
  return runCliCaptured({ argv, env: { HOME: directory, NO_COLOR: '1', ...env }, cwd: directory });
}

/** The environment `EXAI_STORE=supabase` needs; the migration commands use only SUPABASE_DB_URL. */
const supabaseEnv = (databaseUrl: string) => ({
  EXAI_STORE: 'supabase',
  SUPABASE_URL: 'http://127.0.0.1:9',
  SUPABASE_SERVICE_ROLE_KEY: 'unused',
  SUPABASE_DB_URL: databaseUrl,
});

describe.skipIf(unreachable !== undefined)('a schema migrated for the other PostgreSQL store', () => {
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'exai-other-store-'));
    await admin.connect();
  });
  afterAll(async () => {
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(directory, { recursive: true, force: true });
  });

  it('a Supabase schema opened as postgres:// is named as Supabase’s, not as a newer exai’s', async () => {
    const url = await createDatabase();
    const migrated = await exai(['migrate', 'up'], supabaseEnv(url));
    expect(migrated.code, migrated.stderr).toBe(0);

    const status = await exai(['--store', url, 'migrate', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toMatch(/ \(migrated for the Supabase store\)$/);
    expect(status.stdout).toMatch(/\n7 +commit-round +unknown +\d{4}-/);
    expect(status.stderr).toContain(
      'exai: note: this schema was migrated for the Supabase store: its migrations 2 rpc-functions, ' +
        "3 commit-turn, 5 api-key-use, 6 tenant-data, 7 commit-round are that store's",
    );
    expect(status.stderr).toContain('Open it as a Supabase store (EXAI_STORE=supabase with SUPABASE_URL');
    expect(status.stderr).not.toMatch(/newer|upgrade/i);

    const json = JSON.parse((await exai(['--store', url, 'migrate', 'status', '--json'])).stdout);
    expect(json).toMatchObject({
      storeVersion: supabaseMigrations.length,
      knownVersion: postgresMigrations.length,
      newerThanExai: false,
      migratedForStore: 'supabase',
    });

    const check = await exai(['--store', url, 'db', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'problem: The database was migrated for the Supabase store: its migrations 2 rpc-functions',
    );
    expect(check.stdout).toContain('fix: Open it as a Supabase store: EXAI_STORE=supabase');
    expect(check.stdout).not.toMatch(/upgrade/i);

    // Migrating it, or opening it as a store (which would migrate it), is refused the same way,
    // as a mistake in the configuration, and changes nothing.
    for (const argv of [
      ['--store', url, 'migrate', 'up'],
      ['--store', url, 'threads', 'list'],
    ]) {
      const refused = await exai(argv);
      expect(refused.code, argv.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(
        /^exai: migration_other_store: This schema was migrated for the Supabase store \(its migrations 2 rpc-functions, .*Open it as a Supabase store: EXAI_STORE=supabase/,
      );
    }
    const after = JSON.parse((await exai(['migrate', 'status', '--json'], supabaseEnv(url))).stdout);
    expect(after.migrations.map((step: { state: string }) => step.state)).toEqual(
      supabaseMigrations.map(() => 'applied'),
    );
  });

  it('a PostgreSQL schema opened as the Supabase store is named as PostgreSQL’s, not as an edited one', async () => {
    const url = await createDatabase();
    expect((await exai(['--store', url, 'migrate', 'up'])).code).toBe(0);

    const status = await exai(['migrate', 'status'], supabaseEnv(url));
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe(
      'supabase (http://127.0.0.1:9) (migrated for the PostgreSQL store)',
    );
    expect(status.stderr).toContain(
      'this schema was migrated for the PostgreSQL store: its migrations 2 reserved-supabase-rpc-functions, ' +
        '3 reserved-supabase-commit-turn are that store',
    );
    expect(status.stderr).toContain('Open it as a PostgreSQL store (EXAI_STORE set to its connection string');

    const check = await exai(['db', 'check'], supabaseEnv(url));
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('problem: The database was migrated for the PostgreSQL store');
    expect(check.stdout).not.toContain('must never be edited');

    const refused = await exai(['migrate', 'up'], supabaseEnv(url));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^exai: migration_other_store: This schema was migrated for the PostgreSQL store/,
    );
  });
});
