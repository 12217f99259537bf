import { ExaiError } from '@exai/core';

const marker = 'exai.error.migration-checksum-mismatch';
const symbol = Symbol.for(marker);

/** An applied migration's SQL was edited after it ran: the database and the code disagree. */
export class MigrationChecksumError extends ExaiError {
  private readonly [symbol] = true;

  readonly version: number;
  readonly migrationName: string;
  /** The checksum stored when the migration was applied. */
  readonly appliedChecksum: string;
  /** The checksum of the migration in the code. */
  readonly expectedChecksum: string;

  constructor({
    version,
    migrationName,
    appliedChecksum,
    expectedChecksum,
  }: {
    version: number;
    migrationName: string;
    appliedChecksum: string;
    expectedChecksum: string;
  }) {
    super('migration_checksum_mismatch', {
      message:
        `Migration ${version} (${migrationName}) differs from the one applied to this database ` +
        `(checksum ${appliedChecksum.slice(0, 12)}… in the database, ${expectedChecksum.slice(0, 12)}… in the code). ` +
        'An applied migration must never be edited — add a new migration instead.',
      isRetryable: false,
    });
    this.name = 'MigrationChecksumError';
    this.version = version;
    this.migrationName = migrationName;
    this.appliedChecksum = appliedChecksum;
    this.expectedChecksum = expectedChecksum;
  }

  static override isInstance(error: unknown): error is MigrationChecksumError {
    return ExaiError.hasMarker(error, marker);
  }
}
