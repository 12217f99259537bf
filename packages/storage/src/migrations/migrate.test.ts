import { InvalidArgumentError } from '@exai/core';
import { describe, expect, it } from 'vitest';

import { migrate } from './migrate.js';
import { MigrationChecksumError } from './migration-checksum-error.js';
import { migrationChecksum } from './migration-checksum.js';
import { MigrationFailedError } from './migration-failed-error.js';
import { MigrationPendingError } from './migration-pending-error.js';
import { assertMigrationsCurrent, migrationStatus } from './migration-status.js';
import { listMigrations } from './list-migrations.js';
import { MigrationUnknownVersionError } from './migration-unknown-version-error.js';
import type { AppliedMigration, Migration, MigrationAuditEvent, MigrationDriver } from './migration.js';

const migration = (version: number): Migration => ({
  version,
  name: `step-${version}`,
  up: `up ${version}`,
  down: `down ${version}`,
});
const three = [migration(1), migration(2), migration(3)];

/**
 * A driver over an array, recording every call, failing the steps named in `failOn` (and the
 * audit record with `failOn: ['audit']`).
 */
function fakeDriver(failOn: string[] = []) {
  const rows: AppliedMigration[] = [];
  const calls: string[] = [];
  const audits: MigrationAuditEvent[] = [];
  let locked = false;
  const driver: MigrationDriver = {
    async appendAudit(event) {
      expect(locked).toBe(true);
      // Like the real tables: the audit table exists only while migration 1 is applied.
      if (!rows.some((row) => row.version === 1)) throw new Error('no such table: audit_events');
      calls.push(`audit ${event.action} ${event.target}`);
      if (failOn.includes('audit')) throw new Error('disk I/O error');
      audits.push(event);
    },
    dialect: 'sqlite',
    async withLock(fn) {
      calls.push('lock');
      locked = true;
      try {
        return await fn();
      } finally {
        locked = false;
        calls.push('unlock');
      }
    },
    async ensureMigrationsTable() {
      calls.push('ensure');
    },
    async listApplied() {
      return rows.map((row) => ({ ...row }));
    },
    async apply(step, direction, checksum) {
      expect(locked).toBe(true);
      calls.push(`${direction} ${step.version}`);
      if (failOn.includes(`${direction} ${step.version}`)) throw new Error(`syntax error in ${step.name}`);
      if (direction === 'up')
        rows.push({ version: step.version, name: step.name, checksum, appliedAt: new Date() });
      else
        rows.splice(
          rows.findIndex((row) => row.version === step.version),
          1,
        );
    },
  };
  return { driver, rows, calls, audits };
}

describe('migrate', () => {
  it('applies every pending migration in version order under the lock, then nothing', async () => {
    const { driver, calls, rows } = fakeDriver();
    const events: string[] = [];
    const result = await migrate(driver, [migration(3), migration(1), migration(2)], {
      direction: 'up',
      onProgress: (event) => events.push(`${event.direction} ${event.version} ${event.name}`),
    });
    expect(result).toEqual({ applied: [1, 2, 3], reverted: [] });
    expect(calls).toEqual(['lock', 'ensure', 'up 1', 'up 2', 'up 3', 'unlock']);
    expect(events).toEqual(['up 1 step-1', 'up 2 step-2', 'up 3 step-3']);
    expect(rows.map((row) => row.checksum)).toEqual(three.map(migrationChecksum));
    expect(await migrate(driver, three, { direction: 'up' })).toEqual({ applied: [], reverted: [] });
  });

  it('goes up to a version, down one step by default, and down to 0', async () => {
    const { driver, rows } = fakeDriver();
    expect(await migrate(driver, three, { direction: 'up', to: 2 })).toEqual({
      applied: [1, 2],
      reverted: [],
    });
    expect(await migrate(driver, three, { direction: 'up' })).toEqual({ applied: [3], reverted: [] });
    expect(await migrate(driver, three, { direction: 'down' })).toEqual({ applied: [], reverted: [3] });
    expect(await migrate(driver, three, { direction: 'down', to: 0 })).toEqual({
      applied: [],
      reverted: [2, 1],
    });
    expect(rows).toEqual([]);
    expect(await migrate(driver, three, { direction: 'down' })).toEqual({ applied: [], reverted: [] });
  });

  it('refuses versions that are not 1, 2, 3… and a target out of range', async () => {
    const { driver, calls } = fakeDriver();
    await expect(migrate(driver, [migration(1), migration(3)], { direction: 'up' })).rejects.toThrow(
      /expected version 2 but found 3/,
    );
    await expect(migrate(driver, [migration(1), migration(1)], { direction: 'up' })).rejects.toThrow(
      /used twice/,
    );
    await expect(migrate(driver, [migration(2)], { direction: 'up' })).rejects.toThrow(InvalidArgumentError);
    await expect(migrate(driver, three, { direction: 'up', to: 4 })).rejects.toThrow(/from 0 to 3/);
    await expect(migrate(driver, three, { direction: 'down', to: -1 })).rejects.toThrow(InvalidArgumentError);
    expect(calls).toEqual([]);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    const { driver, calls } = fakeDriver();
    await migrate(driver, three, { direction: 'up', to: 2 });
    const edited = [migration(1), { ...migration(2), up: 'up 2 -- edited' }, migration(3)];
    const error: unknown = await migrate(driver, edited, { direction: 'up' }).catch(
      (caught: unknown) => caught,
    );
    expect(MigrationChecksumError.isInstance(error)).toBe(true);
    expect((error as MigrationChecksumError).code).toBe('migration_checksum_mismatch');
    expect((error as Error).message).toMatch(
      /Migration 2 \(step-2\).*must never be edited — add a new migration/,
    );
    expect(calls.filter((call) => call.startsWith('up'))).toEqual(['up 1', 'up 2']);
    await expect(migrate(driver, edited, { direction: 'down' })).rejects.toThrow(MigrationChecksumError);
  });

  it('refuses a database newer than the code', async () => {
    const { driver } = fakeDriver();
    await migrate(driver, three, { direction: 'up' });
    const error = await migrate(driver, three.slice(0, 2), { direction: 'up' }).catch(
      (caught: unknown) => caught,
    );
    expect(MigrationUnknownVersionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'The database is at version 3 but this exai knows only up to 2; upgrade exai.',
    );
    await expect(migrationStatus(driver, three.slice(0, 2))).rejects.toThrow(MigrationUnknownVersionError);
  });

  it('lists a database newer than the code, the migrations it does not know as unknown', async () => {
    const { driver } = fakeDriver();
    await migrate(driver, three, { direction: 'up' });
    const listed = await listMigrations(driver, three.slice(0, 2));
    expect(listed).toMatchObject({ databaseVersion: 3, knownVersion: 2, newerThanCode: true });
    expect(listed.migrations.map(({ version, name, state }) => ({ version, name, state }))).toEqual([
      { version: 1, name: 'step-1', state: 'applied' },
      { version: 2, name: 'step-2', state: 'applied' },
      { version: 3, name: 'step-3', state: 'unknown' },
    ]);
    expect(listed.migrations[2]?.appliedAt).toBeInstanceOf(Date);
    const current = await listMigrations(driver, three);
    expect(current).toMatchObject({ databaseVersion: 3, knownVersion: 3, newerThanCode: false });
    expect(current.migrations.map(({ state }) => state)).toEqual(['applied', 'applied', 'applied']);
  });

  it('keeps the steps before a failing one and names the failing one', async () => {
    const { driver, rows } = fakeDriver(['up 2']);
    const error = await migrate(driver, three, { direction: 'up' }).catch((caught: unknown) => caught);
    expect(MigrationFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      version: 2,
      migrationName: 'step-2',
      direction: 'up',
      code: 'migration_failed',
    });
    expect((error as Error).message).toMatch(/Migration 2 \(step-2\) failed.*syntax error in step-2/);
    expect(rows.map((row) => row.version)).toEqual([1]);
  });

  it('reports status, and says whether the schema is current', async () => {
    const { driver, rows } = fakeDriver();
    expect((await migrationStatus(driver, three)).map((row) => row.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    await expect(assertMigrationsCurrent(driver, three)).rejects.toThrow(MigrationPendingError);
    await migrate(driver, three, { direction: 'up', to: 2 });
    const first = rows[0];
    if (first !== undefined) first.checksum = 'edited';
    const status = await migrationStatus(driver, three);
    expect(status.map(({ version, name, state }) => ({ version, name, state }))).toEqual([
      { version: 1, name: 'step-1', state: 'changed' },
      { version: 2, name: 'step-2', state: 'applied' },
      { version: 3, name: 'step-3', state: 'pending' },
    ]);
    expect(status[1]?.appliedAt).toBeInstanceOf(Date);
    expect(status[2]?.appliedAt).toBeUndefined();
    await expect(assertMigrationsCurrent(driver, three)).rejects.toThrow(MigrationChecksumError);
  });
});

describe('migrate with audit', () => {
  const audit = { tenantId: 'default', actor: 'cli' };

  it('records each run that changed something, inside its lock, at whatever version it ends', async () => {
    const { driver, calls, audits } = fakeDriver();
    expect(await migrate(driver, three, { direction: 'up', audit })).toEqual({
      applied: [1, 2, 3],
      reverted: [],
    });
    expect(await migrate(driver, three, { direction: 'up', audit })).toEqual({ applied: [], reverted: [] });
    // Below the latest version the store itself would refuse to open; the driver does not.
    expect(await migrate(driver, three, { direction: 'down', audit })).toEqual({
      applied: [],
      reverted: [3],
    });
    expect(await migrate(driver, three, { direction: 'down', to: 1, audit })).toEqual({
      applied: [],
      reverted: [2],
    });
    expect(calls.filter((call) => call.startsWith('audit') || call === 'unlock')).toEqual([
      'audit store.migrate.up 1,2,3',
      'unlock',
      'unlock',
      'audit store.migrate.down 3',
      'unlock',
      'audit store.migrate.down 2',
      'unlock',
    ]);
    expect(audits).toEqual([
      {
        tenantId: 'default',
        actor: 'cli',
        action: 'store.migrate.up',
        target: '1,2,3',
        detail: { direction: 'up', versions: [1, 2, 3] },
      },
      expect.objectContaining({ target: '3', detail: { direction: 'down', versions: [3] } }),
      expect.objectContaining({ target: '2', detail: { direction: 'down', versions: [2] } }),
    ]);
  });

  it('records nothing when the run reverted version 1, whose tables hold the audit log', async () => {
    const { driver, audits } = fakeDriver();
    await migrate(driver, three, { direction: 'up' });
    const result = await migrate(driver, three, { direction: 'down', to: 0, audit });
    expect(result).toEqual({ applied: [], reverted: [3, 2, 1] });
    expect(audits).toEqual([]);
  });

  it('records the steps done before a failing one, and still throws the step’s error', async () => {
    const { driver, audits } = fakeDriver(['down 1']);
    await migrate(driver, three, { direction: 'up' });
    const error = await migrate(driver, three, { direction: 'down', to: 0, audit }).catch(
      (caught: unknown) => caught,
    );
    expect(MigrationFailedError.isInstance(error)).toBe(true);
    expect(audits).toEqual([
      expect.objectContaining({
        action: 'store.migrate.down',
        target: '3,2',
        detail: {
          direction: 'down',
          versions: [3, 2],
          outcome: 'error',
          errorCode: 'migration_failed',
          failedVersion: 1,
        },
      }),
    ]);
  });

  it('returns an audit record that cannot be written as auditError, the steps staying done', async () => {
    const { driver, rows } = fakeDriver(['audit']);
    const result = await migrate(driver, three, { direction: 'up', audit });
    expect(result.applied).toEqual([1, 2, 3]);
    expect((result.auditError as Error).message).toBe('disk I/O error');
    expect(rows).toHaveLength(3);
  });

  it('adds the caller’s detail, and with exceptNew records upgrades only, not the creation of a schema', async () => {
    const automatic = { tenantId: 'default', actor: 'store', detail: { automatic: true }, exceptNew: true };
    const { driver, audits } = fakeDriver();
    expect((await migrate(driver, three, { direction: 'up', to: 1, audit: automatic })).applied).toEqual([1]);
    expect(audits).toEqual([]);
    expect((await migrate(driver, three, { direction: 'up', audit: automatic })).applied).toEqual([2, 3]);
    expect(audits).toEqual([
      {
        tenantId: 'default',
        actor: 'store',
        action: 'store.migrate.up',
        target: '2,3',
        detail: { automatic: true, direction: 'up', versions: [2, 3] },
      },
    ]);
  });

  it('records nothing without the audit option', async () => {
    const { driver, calls } = fakeDriver();
    await migrate(driver, three, { direction: 'up' });
    expect(calls.some((call) => call.startsWith('audit'))).toBe(false);
  });
});

describe('migrationChecksum', () => {
  it('is the sha256 of up, the down marker and down, in hex', () => {
    expect(migrationChecksum({ version: 1, name: 'x', up: 'a', down: 'b' })).toBe(
      // printf 'a\n--down--\nb' | sha256sum
      'c853d4918574d95e3c1cbf7d874dc49650c6a2f99c1171a40f99d721ce6a227f',
    );
  });
});
