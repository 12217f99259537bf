import { MigrationChecksumError } from './migration-checksum-error.js';
import { migrationChecksum } from './migration-checksum.js';
import { MigrationUnknownVersionError } from './migration-unknown-version-error.js';
import type { AppliedMigration, Migration } from './migration.js';
import { MigrationOtherStoreError } from './migration-other-store-error.js';
import { findOtherStoreMigrations, type StoreMigrationChain } from './store-migration-chain.js';

/**
 * Throws `MigrationOtherStoreError` when one of `otherChains` migrated the database,
 * `MigrationUnknownVersionError` when it holds a version the code does not know, and
 * `MigrationChecksumError` when an applied migration was edited since. Returns the highest
 * applied version (0 when none).
 *
 * @param sorted the code's migrations, as `sortMigrations` returns them
 * @param otherChains the chains of other stores on the same dialect (see `StoreMigrationChain`)
 */
export function checkAppliedMigrations(
  applied: readonly AppliedMigration[],
  sorted: readonly Migration[],
  otherChains: readonly StoreMigrationChain[] = [],
): number {
  const other = findOtherStoreMigrations(applied, sorted, otherChains);
  if (other !== undefined) throw new MigrationOtherStoreError(other);
  const databaseVersion = applied.reduce((max, row) => Math.max(max, row.version), 0);
  const knownVersion = sorted.length;
  if (applied.some((row) => row.version < 1 || row.version > knownVersion)) {
    throw new MigrationUnknownVersionError({ databaseVersion, knownVersion });
  }
  for (const row of applied) {
    const migration = sorted[row.version - 1];
    if (migration === undefined) continue;
    const expectedChecksum = migrationChecksum(migration);
    if (row.checksum !== expectedChecksum) {
      throw new MigrationChecksumError({
        version: row.version,
        migrationName: migration.name,
        appliedChecksum: row.checksum,
        expectedChecksum,
      });
    }
  }
  return databaseVersion;
}
