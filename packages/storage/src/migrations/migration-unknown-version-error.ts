import { ExaiError } from '@exai/core';

const marker = 'exai.error.migration-unknown-version';
const symbol = Symbol.for(marker);

/** The database was migrated by a newer exai than this one. */
export class MigrationUnknownVersionError extends ExaiError {
  private readonly [symbol] = true;

  /** The highest version applied to the database. */
  readonly databaseVersion: number;
  /** The highest version this code knows. */
  readonly knownVersion: number;

  constructor({ databaseVersion, knownVersion }: { databaseVersion: number; knownVersion: number }) {
    super('migration_unknown_version', {
      message:
        `The database is at version ${databaseVersion} but this exai knows only up to ${knownVersion}; ` +
        'upgrade exai.',
      isRetryable: false,
    });
    this.name = 'MigrationUnknownVersionError';
    this.databaseVersion = databaseVersion;
    this.knownVersion = knownVersion;
  }

  static override isInstance(error: unknown): error is MigrationUnknownVersionError {
    return ExaiError.hasMarker(error, marker);
  }
}
