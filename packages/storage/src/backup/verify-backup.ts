import type { BackupHeader } from './backup-format.js';
import { readBackup, type BackupProgress } from './read-backup.js';

export interface VerifiedBackup {
  path: string;
  header: BackupHeader;
  records: number;
}

/**
 * Reads a whole backup file without restoring it: the header, every record's checksum and the
 * trailer. Throws an `InvalidArgumentError` naming the line for anything wrong.
 */
export async function verifyBackup(
  path: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<VerifiedBackup> {
  let header: BackupHeader | undefined;
  let records = 0;
  for await (const item of readBackup(path, onProgress)) {
    if ('format' in item) header = item;
    else records += 1;
  }
  return { path, header: header!, records };
}
