import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@exai/core';
import { BackupNotFoundError } from './backup-not-found-error.js';
import { verifyBackup, type VerifiedBackup } from './verify-backup.js';

/**
 * `exai-20261207T031509.731Z.backup.gz`: the UTC time the backup started, to the millisecond.
 * Names to the second (`exai-20261207T031509Z.backup.gz`), as earlier versions wrote them, still count.
 */
const backupNamePattern = /^exai-\d{8}T\d{6}(?:\.\d{3})?Z\.backup\.gz$/;

/** The file name of a backup started at `date`; names sort in time order. */
export function backupFileName(date: Date): string {
  return `exai-${date.toISOString().replace(/[-:]/g, '')}.backup.gz`;
}

/**
 * Where a backup started at `date` goes: its name, or the next free millisecond when a file already
 * has that name (two backups started in one millisecond), so one backup never replaces another and
 * a later backup still sorts after an earlier one. Two processes that pick the same free name at
 * the same moment can still collide; a schedule runs one backup at a time.
 */
export async function nextBackupPath(directory: string, date: Date): Promise<string> {
  for (let offsetInMs = 0; ; offsetInMs++) {
    const path = join(directory, backupFileName(new Date(date.getTime() + offsetInMs)));
    if ((await lstat(path).catch(() => undefined)) === undefined) return path;
  }
}

/** The backups in a directory (by name, not yet verified), newest first. */
export async function listBackups(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch((cause: unknown) => {
    throw directoryError(directory, cause);
  });
  return names
    .filter((name) => backupNamePattern.test(name))
    .sort()
    .reverse()
    .map((name) => join(directory, name));
}

/** Deletes all but the newest `keep` backups of a directory; returns the paths deleted. */
export async function pruneBackups({
  directory,
  keep,
}: {
  directory: string;
  keep: number;
}): Promise<string[]> {
  const old = (await listBackups(directory)).slice(Math.max(1, keep));
  await Promise.all(old.map((path) => rm(path, { force: true })));
  return old;
}

/**
 * Creates the directory when missing (readable by its owner only) and proves a file can be
 * written in it, so a scheduled backup fails at start rather than at its first run.
 */
export async function prepareBackupDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const probe = join(directory, `.exai-write-test-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, '', { mode: 0o600 });
    await rm(probe, { force: true });
  } catch (cause) {
    throw directoryError(directory, cause);
  }
}

/**
 * The newest backup of a directory that verifies (header, every checksum, the trailer). A newer
 * file that does not verify is passed over and reported through `onSkipped`.
 */
export async function findLatestBackup({
  directory,
  onSkipped,
}: {
  directory: string;
  onSkipped?: (path: string, error: Error) => void;
}): Promise<VerifiedBackup> {
  if (!(await stat(directory).catch(() => undefined))?.isDirectory()) {
    throw new BackupNotFoundError({
      directory,
      message: `${resolve(directory)} is not a directory; name the directory exai backup --out wrote to`,
    });
  }
  const candidates = await listBackups(directory);
  for (const path of candidates) {
    try {
      return await verifyBackup(path);
    } catch (error) {
      onSkipped?.(path, error as Error);
    }
  }
  throw new BackupNotFoundError({
    directory,
    message:
      candidates.length === 0
        ? `no backup in ${resolve(directory)} (files named exai-YYYYMMDDTHHMMSS.sssZ.backup.gz); check the directory, or restore a file by its path`
        : `none of the ${candidates.length} backups in ${resolve(directory)} verifies; restore an older copy by its path`,
  });
}

function directoryError(directory: string, cause: unknown): InvalidArgumentError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'it is not writable; pick a directory you can write, or change its permissions'
      : code === 'ENOTDIR' || code === 'EEXIST'
        ? 'it (or a parent) is a file, not a directory'
        : code === 'ENOENT'
          ? 'it does not exist'
          : (cause as Error).message;
  return new InvalidArgumentError({
    argument: 'directory',
    message: `cannot use ${resolve(directory)} for backups: ${reason}`,
    cause,
  });
}
