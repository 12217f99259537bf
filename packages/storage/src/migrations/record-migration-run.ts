import type { MigrationFailedError } from './migration-failed-error.js';
import type { MigrateOptions, MigrateResult, MigrationDriver } from './migration.js';

/**
 * Writes the audit record of a migration run through the driver, still holding the run's lock:
 * action `store.migrate.up` or `store.migrate.down`, the versions as target, and in `detail` the
 * direction, the versions, the caller's `audit.detail` and, for a run a failed step ended, the
 * step that failed. Nothing is written when nothing changed, when the run reverted version 1 (that
 * drops the audit table with every other table, so there is nowhere left to write:
 * docs/decisions/0040), or, with `audit.exceptNew`, when it created the schema of a new store.
 */
export async function recordMigrationRun(
  driver: MigrationDriver,
  audit: MigrateOptions['audit'],
  {
    direction,
    fromVersion,
    result,
    failed,
  }: {
    direction: 'up' | 'down';
    /** The version the database was at when the run started (0: none applied). */
    fromVersion: number;
    result: MigrateResult;
    failed?: MigrationFailedError;
  },
): Promise<void> {
  const versions = direction === 'up' ? result.applied : result.reverted;
  if (audit === undefined || driver.appendAudit === undefined || versions.length === 0) return;
  if (audit.exceptNew === true && fromVersion === 0) return;
  if (direction === 'down' && versions.includes(1)) return;
  await driver.appendAudit({
    tenantId: audit.tenantId,
    actor: audit.actor,
    action: `store.migrate.${direction}`,
    target: versions.join(','),
    detail: {
      ...audit.detail,
      direction,
      versions: [...versions],
      ...(failed !== undefined && {
        outcome: 'error',
        errorCode: failed.code,
        failedVersion: failed.version,
      }),
    },
  });
}
