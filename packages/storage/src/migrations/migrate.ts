import { InvalidArgumentError } from '@exai/core';

import { checkAppliedMigrations } from './check-applied-migrations.js';
import { migrationChecksum } from './migration-checksum.js';
import { MigrationFailedError } from './migration-failed-error.js';
import type { MigrateOptions, MigrateResult, Migration, MigrationDriver } from './migration.js';
import { recordMigrationRun } from './record-migration-run.js';
import { sortMigrations } from './sort-migrations.js';

/**
 * Moves the schema up or down to `options.to`, holding the driver's lock for the whole run.
 * Refuses to start when an applied migration was edited (`MigrationChecksumError`), the
 * database is newer than the code (`MigrationUnknownVersionError`) or another store's chain
 * migrated it (`MigrationOtherStoreError`, given `otherChains`). Each step runs in its own
 * transaction: when one fails, the steps before it stay done and `MigrationFailedError` names it.
 * Running it again when there is nothing to do changes nothing. With `audit`, the run is recorded
 * in the store's audit log through the driver before the lock is let go, also when a failed step
 * ended it (a record that cannot be written is returned as `auditError`, not thrown).
 */
export async function migrate(
  driver: MigrationDriver,
  migrations: readonly Migration[],
  { direction, to, onProgress, audit, otherChains = [] }: MigrateOptions,
): Promise<MigrateResult> {
  const sorted = sortMigrations(migrations);
  if (to !== undefined && (!Number.isSafeInteger(to) || to < 0 || to > sorted.length)) {
    throw new InvalidArgumentError({
      argument: 'to',
      message: `Cannot migrate to version ${to}: it must be an integer from 0 to ${sorted.length}.`,
    });
  }
  return driver.withLock(async () => {
    await driver.ensureMigrationsTable();
    const applied = await driver.listApplied();
    const currentVersion = checkAppliedMigrations(applied, sorted, otherChains);
    const appliedVersions = new Set(applied.map((row) => row.version));
    const result: MigrateResult = { applied: [], reverted: [] };
    const steps =
      direction === 'up'
        ? sorted.filter((m) => !appliedVersions.has(m.version) && m.version <= (to ?? sorted.length))
        : sorted
            .filter(
              (m) => appliedVersions.has(m.version) && m.version > (to ?? Math.max(0, currentVersion - 1)),
            )
            .reverse();
    try {
      for (const migration of steps) {
        await runStep(driver, migration, direction);
        (direction === 'up' ? result.applied : result.reverted).push(migration.version);
        onProgress?.({ version: migration.version, name: migration.name, direction });
      }
    } catch (error) {
      // The steps before the failed one are done: they are recorded, and the step's error stays the one thrown.
      if (MigrationFailedError.isInstance(error)) {
        await recordMigrationRun(driver, audit, {
          direction,
          fromVersion: currentVersion,
          result,
          failed: error,
        }).catch(() => undefined);
      }
      throw error;
    }
    try {
      await recordMigrationRun(driver, audit, { direction, fromVersion: currentVersion, result });
    } catch (error) {
      result.auditError = error;
    }
    return result;
  });
}

async function runStep(
  driver: MigrationDriver,
  migration: Migration,
  direction: 'up' | 'down',
): Promise<void> {
  try {
    await driver.apply(migration, direction, migrationChecksum(migration));
  } catch (error) {
    throw new MigrationFailedError({
      version: migration.version,
      migrationName: migration.name,
      direction,
      cause: error,
    });
  }
}
