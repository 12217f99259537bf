import { auditAdminAction, type AdminAuditInput } from '@exai/mcp';
import type { SessionStoreV1 } from '@exai/core';
import { openSessionStore, type StoreSpec } from '@exai/storage';
import type { CliContext } from './cli-context.js';

/**
 * Records an administrative command in the audit log (`exai audit` shows it). The action has
 * already happened, so a failing record is reported on stderr rather than failing the command.
 */
export async function auditStoreAction(
  context: CliContext,
  store: SessionStoreV1,
  input: AdminAuditInput,
): Promise<void> {
  try {
    await auditAdminAction(store, input);
  } catch (error) {
    context.stderr.write(
      `exai: warning: ${input.action} succeeded but its audit record could not be written: ${(error as Error).message}\n`,
    );
  }
}

/**
 * Records a migration. The store is opened again, without migrating, once the schema has changed;
 * a store reverted below version 1 has no audit table left, so nothing is recorded there.
 */
export async function auditMigration(
  context: CliContext,
  spec: StoreSpec,
  { direction, versions }: { direction: 'up' | 'down'; versions: readonly number[] },
): Promise<void> {
  if (spec.kind === 'memory' || (direction === 'down' && versions.includes(1))) return;
  let store: SessionStoreV1 | undefined;
  try {
    store = await openSessionStore(spec, { migrate: false });
    await auditStoreAction(context, store, {
      action: `store.migrate.${direction}`,
      target: versions.join(','),
      detail: { direction, versions: [...versions] },
    });
  } catch (error) {
    context.stderr.write(
      `exai: warning: the migration succeeded but its audit record could not be written: ${(error as Error).message}\n`,
    );
  } finally {
    await store?.close();
  }
}
