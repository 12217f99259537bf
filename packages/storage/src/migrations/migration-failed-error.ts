import { ExaiError } from '@exai/core';

const marker = 'exai.error.migration-failed';
const symbol = Symbol.for(marker);

/** One migration step failed; the steps before it stay applied (or reverted). */
export class MigrationFailedError extends ExaiError {
  private readonly [symbol] = true;

  readonly version: number;
  readonly migrationName: string;
  readonly direction: 'up' | 'down';

  constructor({
    version,
    migrationName,
    direction,
    cause,
  }: {
    version: number;
    migrationName: string;
    direction: 'up' | 'down';
    cause: unknown;
  }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('migration_failed', {
      message:
        `Migration ${version} (${migrationName}) failed while migrating ${direction} and was rolled back; ` +
        `the steps before it stay as they are. Cause: ${reason}`,
      cause,
      isRetryable: false,
    });
    this.name = 'MigrationFailedError';
    this.version = version;
    this.migrationName = migrationName;
    this.direction = direction;
  }

  static override isInstance(error: unknown): error is MigrationFailedError {
    return ExaiError.hasMarker(error, marker);
  }
}
