import type { TenantId, WorkflowStateRecord } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { jsonObject, type StoreContext } from './store-context.js';

export interface WorkflowStateRow {
  tenant_id: string;
  thread_id: string;
  state: unknown;
  updated_at: Date;
}

export const workflowStateColumns = 'tenant_id, thread_id, state, updated_at';

export function mapWorkflowStateRow(row: WorkflowStateRow): WorkflowStateRecord {
  return {
    tenantId: row.tenant_id,
    threadId: row.thread_id,
    state: jsonObject(row.state),
    updatedAt: row.updated_at,
  };
}

export async function getWorkflowState(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
): Promise<WorkflowStateRecord | undefined> {
  const result = await context.executor.query<WorkflowStateRow>(
    `select ${workflowStateColumns} from workflow_states where tenant_id = $1 and thread_id = $2`,
    [tenantId, threadId],
    { idempotent: true },
  );
  const row = result.rows[0];
  return row === undefined ? undefined : mapWorkflowStateRow(row);
}

/** Replaces the thread's workflow state; a missing thread is a `RecordNotFoundError`. */
export async function putWorkflowState(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
  state: Record<string, unknown>,
): Promise<WorkflowStateRecord> {
  const result = await withConstraintErrors({ parent: { recordType: 'thread', recordId: threadId } }, () =>
    context.executor.query<WorkflowStateRow>(
      `insert into workflow_states (tenant_id, thread_id, state, updated_at) values ($1, $2, $3, $4)
       on conflict (tenant_id, thread_id) do update set state = excluded.state, updated_at = excluded.updated_at
       returning ${workflowStateColumns}`,
      [tenantId, threadId, state, context.now()],
      { idempotent: true },
    ),
  );
  return mapWorkflowStateRow(result.rows[0]!);
}
