import type { ImportResult, SessionStoreV1, StoreRecord } from '@exai/core';
import type { BackupHeader } from './backup-format.js';
import { readBackup, type BackupProgress } from './read-backup.js';
import { verifyBackup, type VerifiedBackup } from './verify-backup.js';

export interface RestoreBackupOptions {
  store: SessionStoreV1;
  path: string;
  onProgress?: (progress: BackupProgress & { phase: 'verify' | 'restore' }) => void;
  /** The result of `verifyBackup` on this path, when the caller verified it before opening the store. */
  verified?: VerifiedBackup;
}

export interface RestoreBackupResult extends ImportResult {
  header: BackupHeader;
  records: number;
}

/**
 * Restores a backup into any store. The whole file is verified first (header, every checksum,
 * the trailer), so a corrupt or truncated file changes nothing. Records already in the store are
 * skipped, so restoring twice is harmless. Pass `verified` to skip a second verification when
 * the file was verified (with `verifyBackup`) before the store was opened.
 */
export async function restoreBackup({
  store,
  path,
  onProgress,
  verified,
}: RestoreBackupOptions): Promise<RestoreBackupResult> {
  const { header, records } =
    verified?.path === path
      ? verified
      : await verifyBackup(path, (p) => onProgress?.({ ...p, phase: 'verify' }));
  async function* recordsOnly(): AsyncGenerator<StoreRecord> {
    for await (const item of readBackup(path, (p) => onProgress?.({ ...p, phase: 'restore' }))) {
      if (!('format' in item)) yield item;
    }
  }
  const result = await store.importRecords(recordsOnly());
  return { ...result, header, records };
}
