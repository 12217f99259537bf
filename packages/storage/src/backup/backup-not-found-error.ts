import { ExaiError } from '@exai/core';

const marker = 'exai.error.backup-not-found';
const symbol = Symbol.for(marker);

/** A backup directory holds no backup that can be restored (none at all, or none that verifies). */
export class BackupNotFoundError extends ExaiError {
  private readonly [symbol] = true;

  readonly directory: string;

  constructor({ directory, message, cause }: { directory: string; message: string; cause?: unknown }) {
    super('backup_not_found', { message, cause, isRetryable: false });
    this.name = 'BackupNotFoundError';
    this.directory = directory;
  }

  static override isInstance(error: unknown): error is BackupNotFoundError {
    return ExaiError.hasMarker(error, marker);
  }
}
