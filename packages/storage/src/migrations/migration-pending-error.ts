import { ExaiError } from '@exai/core';

const marker = 'exai.error.migration-pending';
const symbol = Symbol.for(marker);

/** The database schema is behind the code and the store was opened without migrating. */
export class MigrationPendingError extends ExaiError {
  private readonly [symbol] = true;

  /** The highest version applied to the database (0 when none). */
  readonly databaseVersion: number;
  /** The version the code needs. */
  readonly requiredVersion: number;

  constructor({ databaseVersion, requiredVersion }: { databaseVersion: number; requiredVersion: number }) {
    super('migration_pending', {
      message:
        `The database schema is at version ${databaseVersion} but this exai needs version ${requiredVersion}; ` +
        'run `exai migrate up` (or open the store with migrations enabled).',
      isRetryable: false,
    });
    this.name = 'MigrationPendingError';
    this.databaseVersion = databaseVersion;
    this.requiredVersion = requiredVersion;
  }

  static override isInstance(error: unknown): error is MigrationPendingError {
    return ExaiError.hasMarker(error, marker);
  }
}
