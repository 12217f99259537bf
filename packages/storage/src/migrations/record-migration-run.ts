import type { MigrationFailedError } from './migration-failed-error.js';
import type { MigrateOptions, MigrateResult, MigrationDriver } from './migration.js';

/**
 * Writes the audit record of a migration run through the driver, still holding the run's lock:
 * action `store.migrate.up` or `store.migrate.down`, the versions as target, and in `detail` the
 * direction, the versions and, for a run a failed step ended, the step that failed. Nothing is
 * written when nothing changed, or when the run reverted version 1: that drops the audit table
 * with every other table, so there is nowhere left to write (docs/decisions/0039).
 */
export async function recordMigrationRun(
  driver: MigrationDriver,
  audit: MigrateOptions['audit'],
  {
    direction,
    result,
    failed,
  }: { direction: 'up' | 'down'; result: MigrateResult; failed?: MigrationFailedError },
): Promise<void> {
  const versions = direction === 'up' ? result.applied : result.reverted;
  if (audit === undefined || driver.appendAudit === undefined || versions.length === 0) return;
  if (direction === 'down' && versions.includes(1)) return;
  await driver.appendAudit({
    tenantId: audit.tenantId,
    actor: audit.actor,
    action: `store.migrate.${direction}`,
    target: versions.join(','),
    detail: {
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
