import type { ImportResult, SessionStoreV1, StoreRecord } from '@exai/core';
import type { BackupHeader } from './backup-format.js';
import { readBackup, type BackupProgress } from './read-backup.js';

export interface RestoreBackupOptions {
  store: SessionStoreV1;
  path: string;
  onProgress?: (progress: BackupProgress & { phase: 'verify' | 'restore' }) => void;
}

export interface RestoreBackupResult extends ImportResult {
  header: BackupHeader;
  records: number;
}

/**
 * Restores a backup into any store. The whole file is verified first (header, every checksum,
 * the trailer), so a corrupt or truncated file changes nothing. Records already in the store are
 * skipped, so restoring twice is harmless.
 */
export async function restoreBackup({
  store,
  path,
  onProgress,
}: RestoreBackupOptions): Promise<RestoreBackupResult> {
  let header: BackupHeader | undefined;
  let records = 0;
  for await (const item of readBackup(path, (p) => onProgress?.({ ...p, phase: 'verify' }))) {
    if ('format' in item) header = item;
    else records += 1;
  }

  async function* recordsOnly(): AsyncGenerator<StoreRecord> {
    for await (const item of readBackup(path, (p) => onProgress?.({ ...p, phase: 'restore' }))) {
      if (!('format' in item)) yield item;
    }
  }
  const result = await store.importRecords(recordsOnly());
  return { ...result, header: header!, records };
}
