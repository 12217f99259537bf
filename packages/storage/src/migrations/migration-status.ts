import { MigrationPendingError } from './migration-pending-error.js';
import { checkAppliedMigrations } from './check-applied-migrations.js';
import type { Migration, MigrationDriver, MigrationStatus } from './migration.js';
import { sortMigrations } from './sort-migrations.js';
import { MigrationUnknownVersionError } from './migration-unknown-version-error.js';
import { statusOf } from './list-migrations.js';

/**
 * One row per migration of the code, lowest version first. Reads only (takes no lock).
 * Throws `MigrationUnknownVersionError` when the database is newer than the code
 * (`listMigrations` lists such a database instead).
 */
export async function migrationStatus(
  driver: MigrationDriver,
  migrations: readonly Migration[],
): Promise<MigrationStatus[]> {
  const sorted = sortMigrations(migrations);
  const applied = new Map((await driver.listApplied()).map((row) => [row.version, row]));
  const databaseVersion = Math.max(0, ...applied.keys());
  if (databaseVersion > sorted.length) {
    throw new MigrationUnknownVersionError({ databaseVersion, knownVersion: sorted.length });
  }
  return sorted.map((migration) => statusOf(migration, applied.get(migration.version)));
}

/**
 * Resolves when every migration of the code is applied unchanged; throws
 * `MigrationPendingError`, `MigrationChecksumError` or `MigrationUnknownVersionError` otherwise.
 * For stores opened without migrating.
 */
export async function assertMigrationsCurrent(
  driver: MigrationDriver,
  migrations: readonly Migration[],
): Promise<void> {
  const sorted = sortMigrations(migrations);
  const applied = await driver.listApplied();
  const databaseVersion = checkAppliedMigrations(applied, sorted);
  if (applied.length < sorted.length) {
    throw new MigrationPendingError({ databaseVersion, requiredVersion: sorted.length });
  }
}
