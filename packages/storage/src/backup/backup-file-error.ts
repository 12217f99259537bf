import { dirname } from 'node:path';
import { InvalidArgumentError } from '@exai/core';
import { BackupWriteError } from './backup-write-error.js';

/**
 * Which failures are the caller's: the path names a place no file can be made (no such directory, a
 * file where a directory should be, no permission, a name too long or a link loop). The same path
 * fails the same way every time, so these stay `invalid_argument` (exit code 2 in the CLI). EACCES
 * and EPERM count here: the user named a path they cannot write, and only another path or other
 * permissions help.
 * Anything else (ENOSPC, EDQUOT, EIO, EROFS, EFBIG, …) happened to a usable path while the backup
 * ran: a `BackupWriteError` (`backup_write_failed`, exit code 1).
 */
const pathErrorCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ENAMETOOLONG', 'ELOOP']);

export function isPathErrorCode(code: string | undefined): boolean {
  return code !== undefined && pathErrorCodes.has(code);
}

const ioReasons: Partial<Record<string, string>> = {
  ENOSPC: 'the disk is full (ENOSPC); free some space on it, or choose another --out',
  EDQUOT: 'the disk quota is used up (EDQUOT); free some space within the quota, or choose another --out',
  EIO: 'the device reported an I/O error (EIO); check the disk, or choose another --out',
  EROFS: 'the file system is read-only (EROFS); remount it read-write, or choose another --out',
  EFBIG: 'the file grew past what the file system allows (EFBIG); choose another --out',
};

/** Retrying the same path later cannot help until someone changes the file system. */
const permanentCodes = new Set(['EROFS', 'EFBIG']);

/**
 * A failure of a call on the backup file, as an error naming the path and what to do about it.
 * `removed` says the unfinished copy was deleted (the failure came after it was created).
 */
export function mapBackupFileError(
  path: string,
  cause: unknown,
  { removed = false }: { removed?: boolean } = {},
): InvalidArgumentError | BackupWriteError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (isPathErrorCode(code)) {
    const reason =
      code === 'ENOENT'
        ? `the directory ${dirname(path)} does not exist; create it or write the backup elsewhere`
        : code === 'EISDIR'
          ? 'it is a directory; name a file, such as exai.backup.jsonl.gz inside it'
          : code === 'EACCES' || code === 'EPERM'
            ? `permission denied; pick a path you can write, or change the permissions of ${dirname(path)}`
            : String((cause as Error).message);
    return new InvalidArgumentError({
      argument: 'path',
      message: `cannot write the backup to ${path}: ${reason}`,
      cause,
    });
  }
  const reason =
    (code === undefined ? undefined : ioReasons[code]) ??
    `${String((cause as Error | undefined)?.message ?? code)}; try again, or choose another --out`;
  return new BackupWriteError({
    path,
    message: `cannot write the backup to ${path}: ${reason}${removed ? ' (the unfinished copy was deleted)' : ''}`,
    cause,
    isRetryable: code === undefined || !permanentCodes.has(code),
  });
}
