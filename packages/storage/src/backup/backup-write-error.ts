import { ExaiError } from '@exai/core';

const marker = 'exai.error.backup-write-failed';
const symbol = Symbol.for(marker);

/**
 * Writing a backup failed while it ran: the disk is full, a quota is used up, the device reports an
 * I/O error, the file system went read-only. The path itself was fine, so this is not an
 * `invalid_argument`; nothing is left behind under the backup's name.
 */
export class BackupWriteError extends ExaiError {
  private readonly [symbol] = true;

  /** The file the backup was being written to. */
  readonly path: string;

  constructor({
    path,
    message,
    cause,
    isRetryable = true,
  }: {
    path: string;
    message: string;
    cause?: unknown;
    isRetryable?: boolean;
  }) {
    super('backup_write_failed', { message, cause, isRetryable });
    this.name = 'BackupWriteError';
    this.path = path;
  }

  static override isInstance(error: unknown): error is BackupWriteError {
    return ExaiError.hasMarker(error, marker);
  }
}
