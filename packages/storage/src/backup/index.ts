export { BACKUP_FORMAT_VERSION, type BackupHeader } from './backup-format.js';
export {
  backupFileName,
  findLatestBackup,
  listBackups,
  prepareBackupDirectory,
  pruneBackups,
} from './backup-directory.js';
export { BackupNotFoundError } from './backup-not-found-error.js';
export { BackupWriteError } from './backup-write-error.js';
export { readBackup, type BackupProgress } from './read-backup.js';
export { restoreBackup, type RestoreBackupOptions, type RestoreBackupResult } from './restore-backup.js';
export { runScheduledBackups, type RunScheduledBackupsOptions } from './run-scheduled-backups.js';
export { writeBackup, type WriteBackupOptions } from './write-backup.js';
export {
  writeDirectoryBackup,
  type DirectoryBackupResult,
  type WriteDirectoryBackupOptions,
} from './write-directory-backup.js';
export { verifyBackup, type VerifiedBackup } from './verify-backup.js';
