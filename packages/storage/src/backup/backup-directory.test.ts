import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStore, InvalidArgumentError } from '@exai/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { populateStore, snapshotStore } from '../test-support/populate-store.js';
import { backupFileName, findLatestBackup, prepareBackupDirectory } from './backup-directory.js';
import { BackupNotFoundError } from './backup-not-found-error.js';
import { restoreBackup } from './restore-backup.js';
import { runScheduledBackups } from './run-scheduled-backups.js';
import { writeDirectoryBackup } from './write-directory-backup.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-backup-dir-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** A clock that moves one minute per call, so every backup gets a name of its own. */
function minuteClock(start = Date.UTC(2026, 11, 7, 3, 15, 0)): () => Date {
  let minutes = 0;
  return () => new Date(start + 60_000 * minutes++);
}

describe('backups in a directory', () => {
  it('names a backup by its UTC start time, to the millisecond', () => {
    expect(backupFileName(new Date('2026-12-07T03:15:09.731Z'))).toBe('exai-20261207T031509.731Z.backup.gz');
  });

  it('gives two backups started in the same millisecond names of their own, in order', async () => {
    const store = createMemorySessionStore();
    await populateStore(store, { threads: 1, turnsPerThread: 1 });
    const instant = new Date('2026-12-07T03:15:09.731Z');
    const first = await writeDirectoryBackup({ store, directory, now: () => instant });
    await store.createThread({ tenantId: 'default', title: 'written after the first backup' });
    const second = await writeDirectoryBackup({ store, directory, keep: 2, now: () => instant });
    expect(second.removed).toEqual([]);
    expect(readdirSync(directory).sort()).toEqual([
      'exai-20261207T031509.731Z.backup.gz',
      'exai-20261207T031509.732Z.backup.gz',
    ]);
    expect(first.records).toBe(second.records - 1);
    expect(first.header.createdAt).toBe(second.header.createdAt);

    // The newest is the second, for --keep and for --latest alike.
    expect((await findLatestBackup({ directory })).path).toBe(second.path);
    const third = await writeDirectoryBackup({ store, directory, keep: 1, now: () => instant });
    expect(third.removed.sort()).toEqual([first.path, second.path]);
    expect(readdirSync(directory)).toEqual(['exai-20261207T031509.733Z.backup.gz']);
  });

  it('still finds and prunes backups named to the second', async () => {
    const store = createMemorySessionStore();
    const older = await writeDirectoryBackup({ store, directory, now: minuteClock() });
    const secondsOnly = join(directory, 'exai-20261207T031500Z.backup.gz');
    renameSync(older.path, secondsOnly);
    expect((await findLatestBackup({ directory })).path).toBe(secondsOnly);
    const newer = await writeDirectoryBackup({
      store,
      directory,
      keep: 1,
      now: () => new Date('2026-12-07T03:15:01.000Z'),
    });
    expect(newer.removed).toEqual([secondsOnly]);
    expect(readdirSync(directory)).toEqual(['exai-20261207T031501.000Z.backup.gz']);
  });

  it('writes verified backups, keeps the newest N, and restores the newest', async () => {
    const store = createMemorySessionStore();
    const now = minuteClock();
    await populateStore(store, { threads: 1, turnsPerThread: 1 });
    for (let run = 0; run < 3; run++) {
      const result = await writeDirectoryBackup({ store, directory, keep: 2, now });
      expect(result.records).toBeGreaterThan(0);
      expect(result.removed).toHaveLength(run < 2 ? 0 : 1);
    }
    await store.createThread({ tenantId: 'default', title: 'written after the third backup' });
    const last = await writeDirectoryBackup({ store, directory, keep: 2, now });
    expect(readdirSync(directory).sort()).toEqual([
      'exai-20261207T031700.000Z.backup.gz',
      'exai-20261207T031800.000Z.backup.gz',
    ]);

    const latest = await findLatestBackup({ directory });
    expect(latest.path).toBe(last.path);
    const target = createMemorySessionStore();
    await restoreBackup({ store: target, path: latest.path });
    expect(await snapshotStore(target)).toEqual(await snapshotStore(store));
  });

  it('passes over a newest file that does not verify, and says so', async () => {
    const store = createMemorySessionStore();
    const now = minuteClock();
    const good = await writeDirectoryBackup({ store, directory, now });
    writeFileSync(join(directory, backupFileName(now())), 'not gzip');
    const skipped: string[] = [];
    const latest = await findLatestBackup({ directory, onSkipped: (path) => skipped.push(path) });
    expect(latest.path).toBe(good.path);
    expect(skipped).toEqual([join(directory, 'exai-20261207T031600.000Z.backup.gz')]);
  });

  it('explains an empty directory, one with only bad files, and a missing one', async () => {
    const empty = await findLatestBackup({ directory }).catch((e: unknown) => e);
    expect(BackupNotFoundError.isInstance(empty)).toBe(true);
    expect((empty as BackupNotFoundError).code).toBe('backup_not_found');
    expect((empty as Error).message).toBe(
      `no backup in ${directory} (files named exai-YYYYMMDDTHHMMSS.sssZ.backup.gz); check the directory, or restore a file by its path`,
    );

    writeFileSync(join(directory, 'exai-20261207T031500Z.backup.gz'), '');
    expect(((await findLatestBackup({ directory }).catch((e: unknown) => e)) as Error).message).toMatch(
      /none of the 1 backups in .* verifies/,
    );

    const missing = await findLatestBackup({ directory: join(directory, 'nope') }).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/nope is not a directory/);
  });

  it('refuses a directory that cannot be written before any backup runs', async () => {
    const file = join(directory, 'a-file');
    writeFileSync(file, '');
    const error = await prepareBackupDirectory(join(file, 'backups')).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot use ${join(file, 'backups')} for backups: it (or a parent) is a file, not a directory`,
    );
    await prepareBackupDirectory(join(directory, 'new', 'dir'));
    expect(readdirSync(join(directory, 'new', 'dir'))).toEqual([]);
  });
});

describe('scheduled backups', () => {
  it('repeats until aborted, finishing the run under way, and goes on after a failed run', async () => {
    const store = createMemorySessionStore();
    const controller = new AbortController();
    const runs: string[] = [];
    let exports = 0;
    const flaky = Object.assign(Object.create(store) as typeof store, {
      async *exportRecords() {
        exports += 1;
        if (exports === 2) throw new Error('connection lost');
        yield* store.exportRecords();
        // The third run is aborted while it is exporting: it must still complete.
        if (exports === 3) controller.abort();
      },
    });
    const result = await runScheduledBackups({
      store: flaky,
      directory,
      intervalInMs: 1,
      keep: 5,
      signal: controller.signal,
      now: minuteClock(),
      onBackup: ({ path }) => runs.push(`ok ${path}`),
      onError: (error) => runs.push(`failed ${error.message}`),
    });
    expect(result).toEqual({ succeeded: 2, failed: 1 });
    expect(runs).toEqual([
      `ok ${join(directory, 'exai-20261207T031500.000Z.backup.gz')}`,
      'failed connection lost',
      `ok ${join(directory, 'exai-20261207T031700.000Z.backup.gz')}`,
    ]);
    expect(readdirSync(directory).sort()).toEqual([
      'exai-20261207T031500.000Z.backup.gz',
      'exai-20261207T031700.000Z.backup.gz',
    ]);
  });
});
