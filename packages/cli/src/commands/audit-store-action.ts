import { auditAdminAction, type AdminAuditInput } from '@exai/mcp';
import type { SessionStoreV1 } from '@exai/core';
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
