import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { postgresMigrations } from '@exai/storage/postgres';
import { sqliteMigrations } from '@exai/storage/sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';
import { postgresUnreachable, testDatabaseUrl } from './test-helpers/test-postgres.js';

const databaseUrl = testDatabaseUrl;
let directory: string;

function exai(argv: string[], env: Record<string, string> = {}) {
  return runCliCaptured({
    argv,
    env: { HOME: directory, XDG_DATA_HOME: join(directory, 'data'), ...env },
    cwd: directory,
    tty: true,
  });
}

const unreachable = await postgresUnreachable('POSTGRESQL CLI TESTS');

/**
 * Runs migrate up, down one step, then down to 1, and reads the audit log: each run is recorded
 * (the ones that leave the schema below the latest version too), with no warning.
 */
async function expectMigrationsAudited(store: string, latest: number) {
  const versions = Array.from({ length: latest }, (_, index) => index + 1);
  const up = await exai(['--store', store, 'migrate', 'up']);
  expect(up.stderr).not.toContain('warning');
  const down = await exai(['--store', store, 'migrate', 'down']);
  expect(down.code).toBe(0);
  expect(down.stdout).toMatch(new RegExp(`reverted ${latest}\n$`));
  expect(down.stderr).not.toContain('warning');
  const status = JSON.parse((await exai(['--store', store, 'migrate', 'status', '--json'])).stdout);
  expect(status.migrations.at(-1).state).toBe('pending');
  const toOne = await exai(['--store', store, 'migrate', 'down', '--to', '1']);
  expect(toOne.code).toBe(0);
  expect(toOne.stderr).not.toContain('warning');

  // Reading the log opens the store, which applies the pending migrations again, and records
  // that as the store's own run (decision 0046).
  const audit = JSON.parse((await exai(['--store', store, 'audit', '--json'])).stdout) as {
    records: Array<{ tenantId: string; actor: string; action: string; target: string; detail: object }>;
  };
  const migrations = audit.records.filter((record) => record.action.startsWith('store.migrate.'));
  const described = migrations.map(({ action, target }) => `${action} ${target}`);
  expect(described.slice(0, 3)).toEqual([
    `store.migrate.up ${versions.slice(1).join(',')}`,
    `store.migrate.down ${versions.slice(1, -1).reverse().join(',')}`,
    `store.migrate.down ${latest}`,
  ]);
  if (!up.stdout.includes('nothing to apply'))
    expect(described[3]).toBe(`store.migrate.up ${versions.join(',')}`);
  expect(migrations[0]).toMatchObject({
    tenantId: 'default',
    actor: 'store',
    detail: { automatic: true, direction: 'up', versions: versions.slice(1) },
  });
  expect(migrations[2]).toMatchObject({
    tenantId: 'default',
    actor: 'cli',
    detail: { direction: 'down', versions: [latest] },
  });
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-store-cli-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('store commands on SQLite', () => {
  it('migrates, backs up, restores, checks and sweeps', async () => {
    const source = `sqlite:${join(directory, 'one.db')}`;
    const target = `sqlite:${join(directory, 'two.db')}`;

    expect((await exai(['--store', source, 'migrate', 'up'])).stdout).toContain('applied 1');
    expect((await exai(['--store', source, 'migrate', 'up'])).stdout).toContain('nothing to apply');

    const backupPath = join(directory, 'exai.backup.gz');
    const backup = await exai(['backup', '--out', backupPath], { EXAI_STORE: source });
    expect(backup.code).toBe(0);
    // The default tenant, and the audit record of the migration.
    expect(backup.stdout).toMatch(/wrote 2 records from sqlite:.*one\.db/);

    const restored = await exai(['--store', target, 'restore', backupPath]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restored 1 records');
    expect(restored.stdout).toContain('1 already present');

    expect((await exai(['--store', target, 'db', 'check'])).stdout).toContain('no problems found');
    expect(JSON.parse((await exai(['--store', target, 'gc', '--json'])).stdout).deleted).toEqual({
      threads: 0,
      files: 0,
      providerFiles: 0,
    });
    const audit = JSON.parse((await exai(['--store', target, 'audit', '--json'])).stdout) as {
      records: Array<{ action: string }>;
    };
    expect(audit.records.map((record) => record.action)).toEqual([
      'store.gc',
      'store.restore',
      'store.migrate.up',
    ]);
    expect((await exai(['--store', source, 'migrate', 'down', '--to', '0', '--yes'])).stdout).toMatch(
      /reverted [\d, ]*\b1\n/,
    );
  });

  it('records every migrate up and down in the audit log, without a warning', async () => {
    await expectMigrationsAudited(`sqlite:${join(directory, 'audited.db')}`, sqliteMigrations.length);
  });

  it('reverts version 1 (every table) only with --yes, saying what would be lost', async () => {
    const store = `sqlite:${join(directory, 'precious.db')}`;
    await exai(['--store', store, 'migrate', 'up']);
    // Later versions step down without asking; version 1 never does.
    expect((await exai(['--store', store, 'migrate', 'down', '--to', '1'])).code).toBe(0);
    for (const argv of [
      ['migrate', 'down'],
      ['migrate', 'down', '--to', '0'],
    ]) {
      const refused = await exai(['--store', store, ...argv]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('this would revert version 1');
      expect(refused.stderr).toContain('every table is dropped');
      expect(refused.stderr).toContain('--yes');
    }
    const status = JSON.parse((await exai(['--store', store, 'migrate', 'status', '--json'])).stdout);
    expect(status.migrations[0].state).toBe('applied');
    const reverted = await exai(['--store', store, 'migrate', 'down', '--to', '0', '--yes']);
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toContain('reverted 1');
  });

  it('explains a backup path that cannot be written, and leaves no partial file', async () => {
    const folder = join(directory, 'backup-errors');
    mkdirSync(folder);
    const store = `sqlite:${join(folder, 'store.db')}`;
    await exai(['--store', store, 'migrate', 'up']);

    const missing = join(folder, 'no-such-dir', 'exai.backup.gz');
    const intoMissing = await exai(['--store', store, 'backup', '-o', missing]);
    expect(intoMissing.code).toBe(2);
    expect(intoMissing.stderr).not.toContain('unexpected error');
    expect(intoMissing.stderr).toContain(
      `cannot write the backup to ${missing}: the directory ${join(folder, 'no-such-dir')} does not exist`,
    );

    // An existing directory takes a timestamped backup (see backup-directory-command.test.ts).
    const ontoDirectory = await exai(['--store', store, 'backup', '-o', folder]);
    expect(ontoDirectory.code).toBe(0);
    expect(readdirSync(folder).filter((name) => name.endsWith('.backup.gz'))).toHaveLength(1);
    expect(readdirSync(directory).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('read-only commands, backup and gc refuse a SQLite file that does not exist, and do not create it', async () => {
    const path = join(directory, 'absent', 'exai.db');
    const backupFolder = join(directory, 'absent-backups');
    mkdirSync(backupFolder);
    for (const argv of [
      ['db', 'check'],
      ['migrate', 'status'],
      ['migrate', 'status', '--json'],
      ['backup', '--out', join(backupFolder, 'one.backup.gz')],
      ['backup', '--out', backupFolder],
      ['gc'],
    ]) {
      const result = await exai(['--store', `sqlite:${path}`, ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `exai: invalid_argument: the SQLite store ${path} given by --store does not exist; check --store for a typo, or create it with exai migrate up\n`,
      );
    }
    const fromEnv = await exai(['backup', '--out', join(backupFolder, 'two.backup.gz')], {
      EXAI_STORE: `sqlite:${path}`,
    });
    expect(fromEnv.stderr).toContain('given by EXAI_STORE does not exist; check EXAI_STORE');
    expect(existsSync(join(directory, 'absent'))).toBe(false);
    expect(readdirSync(backupFolder)).toEqual([]);
  });

  it('refuses to overwrite an existing backup file without --force', async () => {
    const store = `sqlite:${join(directory, 'overwrite.db')}`;
    await exai(['--store', store, 'migrate', 'up']);
    const file = join(directory, 'overwrite.backup.gz');
    writeFileSync(file, 'keep me');
    const refused = await exai(['--store', store, 'backup', '--out', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `exai: invalid_argument: ${file} already exists; pass --force to replace it, or choose another --out (a directory gets timestamped backups)\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const forced = await exai(['--store', store, 'backup', '--out', file, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe('keep me');
  });

  it('names --store, not EXAI_STORE, when the memory store given by --store cannot migrate', async () => {
    const result = await exai(['--store', 'memory', 'migrate', 'status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration in --store');
    expect(result.stderr).not.toContain('EXAI_STORE');
  });

  it('verifies a backup before opening the target, so a bad file never creates or migrates it', async () => {
    const bad = join(directory, 'bad.gz');
    writeFileSync(bad, 'not gzip at all\n');
    const target = join(directory, 'untouched', 'exai.db');
    const restored = await exai(['--store', `sqlite:${target}`, 'restore', bad]);
    expect(restored.code).toBe(2);
    expect(restored.stderr).toContain('cannot read it as a gzip-compressed backup');
    expect(existsSync(join(directory, 'untouched'))).toBe(false);
  });

  it('checks without changing anything: a pending migration is reported, not applied', async () => {
    // An empty file is an empty SQLite database.
    writeFileSync(join(directory, 'unmigrated.db'), '');
    const store = `sqlite:${join(directory, 'unmigrated.db')}`;
    const check = await exai(['--store', store, 'db', 'check', '--json']);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding).toMatchObject({ kind: 'migration-pending', fix: 'Run exai migrate up.' });
    }
    expect(report.notes).toEqual([expect.stringContaining('records not checked')]);
    const status = JSON.parse((await exai(['--store', store, 'migrate', 'status', '--json'])).stdout);
    expect(status.migrations[0].state).toBe('pending');
  });

  it('lists a store a newer exai migrated, marks it newer and says to upgrade, exit code 0', async () => {
    const path = join(directory, 'from-the-future.db');
    const store = `sqlite:${path}`;
    await exai(['--store', store, 'migrate', 'up']);
    const next = sqliteMigrations.length + 1;
    const database = new Database(path);
    database
      .prepare('insert into exai_migrations (version, name, checksum, applied_at) values (?, ?, ?, ?)')
      .run(next, 'a-later-step', 'f'.repeat(64), Date.UTC(2030, 0, 1));
    database.close();

    const status = await exai(['--store', store, 'migrate', 'status']);
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines[0]).toBe(`${store} (newer than this exai: at version ${next})`);
    expect(lines[1]).toMatch(/^VERSION +NAME +STATE +APPLIED$/);
    expect(lines[2]).toMatch(/^1 +initial +applied +\d{4}-/);
    expect(lines[next + 1]).toMatch(new RegExp(`^${next} +a-later-step +unknown +2030-01-01T00:00:00.000Z$`));
    expect(status.stderr).toBe(
      `exai: note: this store is at version ${next} but this exai knows only up to ${next - 1}; ` +
        'a newer exai migrated it (its steps are unknown above). Upgrade exai to use or migrate this store.\n',
    );

    const json = await exai(['--store', store, 'migrate', 'status', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ storeVersion: next, knownVersion: next - 1, newerThanExai: true });
    expect(report.migrations).toHaveLength(next);
    expect(report.migrations.at(-1)).toMatchObject({ version: next, name: 'a-later-step', state: 'unknown' });

    // The check is the command that fails on it; nothing was changed.
    expect((await exai(['--store', store, 'db', 'check'])).code).toBe(1);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n from exai_migrations').get()).toEqual({ n: next });
    reopened.close();
  });

  it('uses the data directory by default', async () => {
    const result = await exai(['migrate', 'status']);
    expect(result.stderr).toContain(`${join(directory, 'data', 'exai', 'exai.db')} does not exist`);
    await exai(['migrate', 'up']);
    expect((await exai(['migrate', 'status'])).stdout).toContain(join(directory, 'data', 'exai', 'exai.db'));
  });

  it('explains a bad store spec and a damaged backup without touching data', async () => {
    const bad = await exai(['--store', 'mysql://x', 'gc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"mysql://x" is not a store');

    const missing = await exai(['--store', 'memory', 'restore', join(directory, 'nope.gz')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the file');
  });
});

describe.skipIf(unreachable !== undefined)('store commands on PostgreSQL', () => {
  const name = `exai_cli_${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: databaseUrl });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('takes a SQLite backup up to PostgreSQL (the upgrade path)', async () => {
    const sqlite = `sqlite:${join(directory, 'grow.db')}`;
    await exai(['--store', sqlite, 'migrate', 'up']);
    const backupPath = join(directory, 'grow.gz');
    await exai(['--store', sqlite, 'backup', '-o', backupPath]);

    const postgres = url.toString();
    expect((await exai(['--store', postgres, 'migrate', 'up'])).stdout).toContain('applied 1');
    const restored = await exai(['--store', postgres, 'restore', backupPath]);
    expect(restored.code).toBe(0);
    const status = JSON.parse((await exai(['--store', postgres, 'migrate', 'status', '--json'])).stdout);
    expect(status.migrations[0]).toMatchObject({ version: 1, state: 'applied' });
    expect((await exai(['--store', postgres, 'db', 'check'])).stdout).toContain('no problems found');
  });

  it('records every migrate up and down in the audit log, without a warning', async () => {
    await expectMigrationsAudited(url.toString(), postgresMigrations.length);
  });
});
