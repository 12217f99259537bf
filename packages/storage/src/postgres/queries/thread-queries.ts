import type { CreateThreadInput, TenantId, ThreadRecord } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import type { StoreContext } from './store-context.js';
import { mapThreadRow, threadColumns, type ThreadRow } from './thread-row.js';
import { createRecordId } from '@exai/core/internal';

/** The hot read: one thread by its key (the primary key index). */
export const getThreadSql = `select ${threadColumns} from threads where tenant_id = $1 and id = $2`;

export async function createThread(context: StoreContext, input: CreateThreadInput): Promise<ThreadRecord> {
  const id = input.id ?? createRecordId();
  const now = context.now();
  const constraints = {
    exists: { recordType: 'thread', recordId: id },
    parent: { recordType: 'tenant', recordId: input.tenantId },
  };
  const result = await withConstraintErrors(constraints, () =>
    context.executor.query<ThreadRow>(
      `insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, metadata)
       values ($1, $2, $3, $4, $4, $5, $6)
       returning ${threadColumns}`,
      [input.tenantId, id, input.title ?? null, now, input.expiresAt ?? null, input.metadata ?? {}],
    ),
  );
  return mapThreadRow(result.rows[0]!);
}

export async function getThread(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
): Promise<ThreadRecord | undefined> {
  const result = await context.executor.query<ThreadRow>(getThreadSql, [tenantId, threadId], {
    idempotent: true,
  });
  const row = result.rows[0];
  return row === undefined ? undefined : mapThreadRow(row);
}

/** Deletes the thread; its turns and workflow state go with it (foreign keys cascade). */
export async function deleteThread(
  context: StoreContext,
  tenantId: TenantId,
  threadId: string,
): Promise<boolean> {
  const result = await context.executor.query('delete from threads where tenant_id = $1 and id = $2', [
    tenantId,
    threadId,
  ]);
  return (result.rowCount ?? 0) > 0;
}
