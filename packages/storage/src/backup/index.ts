export { BACKUP_FORMAT_VERSION, type BackupHeader } from './backup-format.js';
export { readBackup, type BackupProgress } from './read-backup.js';
export { restoreBackup, type RestoreBackupOptions, type RestoreBackupResult } from './restore-backup.js';
export { writeBackup, type WriteBackupOptions } from './write-backup.js';
export { verifyBackup, type VerifiedBackup } from './verify-backup.js';
