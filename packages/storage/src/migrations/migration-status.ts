import { MigrationPendingError } from './migration-pending-error.js';
import { checkAppliedMigrations } from './check-applied-migrations.js';
import type { Migration, MigrationDriver, MigrationStatus } from './migration.js';
import { sortMigrations } from './sort-migrations.js';
import { MigrationUnknownVersionError } from './migration-unknown-version-error.js';
import { statusOf } from './list-migrations.js';
import { MigrationOtherStoreError } from './migration-other-store-error.js';
import { findOtherStoreMigrations, type StoreMigrationChain } from './store-migration-chain.js';

export interface MigrationCheckOptions {
  /** Other stores' chains on the same dialect, to recognise a schema one of them migrated. */
  otherChains?: readonly StoreMigrationChain[];
}

/**
 * One row per migration of the code, lowest version first. Reads only (takes no lock).
 * Throws `MigrationOtherStoreError` when one of `otherChains` migrated the database, and
 * `MigrationUnknownVersionError` when it is newer than the code (`listMigrations` lists such a
 * database instead).
 */
export async function migrationStatus(
  driver: MigrationDriver,
  migrations: readonly Migration[],
  { otherChains = [] }: MigrationCheckOptions = {},
): Promise<MigrationStatus[]> {
  const sorted = sortMigrations(migrations);
  const rows = await driver.listApplied();
  const other = findOtherStoreMigrations(rows, sorted, otherChains);
  if (other !== undefined) throw new MigrationOtherStoreError(other);
  const applied = new Map(rows.map((row) => [row.version, row]));
  const databaseVersion = Math.max(0, ...applied.keys());
  if (databaseVersion > sorted.length) {
    throw new MigrationUnknownVersionError({ databaseVersion, knownVersion: sorted.length });
  }
  return sorted.map((migration) => statusOf(migration, applied.get(migration.version)));
}

/**
 * Resolves when every migration of the code is applied unchanged; throws
 * `MigrationPendingError`, `MigrationChecksumError`, `MigrationUnknownVersionError` or
 * `MigrationOtherStoreError` otherwise. For stores opened without migrating.
 */
export async function assertMigrationsCurrent(
  driver: MigrationDriver,
  migrations: readonly Migration[],
  { otherChains = [] }: MigrationCheckOptions = {},
): Promise<void> {
  const sorted = sortMigrations(migrations);
  const applied = await driver.listApplied();
  const databaseVersion = checkAppliedMigrations(applied, sorted, otherChains);
  if (applied.length < sorted.length) {
    throw new MigrationPendingError({ databaseVersion, requiredVersion: sorted.length });
  }
}
