import { rm } from 'node:fs/promises';
import type { SessionStoreV1 } from '@exai/core';
import { nextBackupPath, pruneBackups } from './backup-directory.js';
import { verifyBackup, type VerifiedBackup } from './verify-backup.js';
import { writeBackup } from './write-backup.js';

export interface WriteDirectoryBackupOptions {
  store: SessionStoreV1;
  /** Where timestamped backups go; it must exist (see `prepareBackupDirectory`). */
  directory: string;
  /** Keep the newest this many backups (at least 1); older ones are deleted. Default: keep all. */
  keep?: number;
  now?: () => Date;
  /** Stops the backup under way; its unfinished copy is deleted (see `writeBackup`). */
  abortSignal?: AbortSignal;
}

export interface DirectoryBackupResult extends VerifiedBackup {
  /** Older backups deleted to stay within `keep`. */
  removed: string[];
}

/**
 * Writes one timestamped backup (`exai-YYYYMMDDTHHMMSS.sssZ.backup.gz`, never the name of one
 * already there) into a directory: under a temporary name, renamed when complete, then read back
 * and verified. A backup that does not verify is deleted and the error thrown; only then are older
 * backups pruned, so a failed run never costs a good backup.
 */
export async function writeDirectoryBackup({
  store,
  directory,
  keep,
  now = () => new Date(),
  abortSignal,
}: WriteDirectoryBackupOptions): Promise<DirectoryBackupResult> {
  const startedAt = now();
  const path = await nextBackupPath(directory, startedAt);
  await writeBackup({ store, path, now: () => startedAt, ...(abortSignal !== undefined && { abortSignal }) });
  let verified: VerifiedBackup;
  try {
    verified = await verifyBackup(path);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  const removed = keep === undefined ? [] : await pruneBackups({ directory, keep });
  return { ...verified, removed };
}
