import type { AppendAuditInput, AuditEventRecord, ListAuditOptions, Page, TenantId } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { decodeCursor, exactTimestamp, pageLimit, toPage } from './page-cursor.js';
import { jsonObject, optionalText, type StoreContext } from './store-context.js';
import { createRecordId } from '@exai/core/internal';

export interface AuditRow {
  tenant_id: string;
  id: string;
  at: Date;
  actor: string | null;
  action: string;
  target: string | null;
  detail: unknown;
}

export const auditColumns = 'tenant_id, id, at, actor, action, target, detail';

export function mapAuditRow(row: AuditRow): AuditEventRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    at: row.at,
    actor: optionalText(row.actor),
    action: row.action,
    target: optionalText(row.target),
    detail: jsonObject(row.detail),
  };
}

export async function appendAudit(context: StoreContext, input: AppendAuditInput): Promise<AuditEventRecord> {
  const id = input.id ?? createRecordId();
  const constraints = {
    exists: { recordType: 'audit-event', recordId: id },
    parent: { recordType: 'tenant', recordId: input.tenantId },
  };
  const result = await withConstraintErrors(constraints, () =>
    context.executor.query<AuditRow>(
      `insert into audit_events (tenant_id, id, at, actor, action, target, detail)
       values ($1, $2, $3, $4, $5, $6, $7)
       returning ${auditColumns}`,
      [
        input.tenantId,
        id,
        input.at ?? context.now(),
        input.actor ?? null,
        input.action,
        input.target ?? null,
        input.detail ?? {},
      ],
    ),
  );
  return mapAuditRow(result.rows[0]!);
}

/** Newest first, keyset-paged on `(at, id)` along `audit_events_tenant_at_idx`. */
export async function listAudit(
  context: StoreContext,
  tenantId: TenantId,
  options: ListAuditOptions = {},
): Promise<Page<AuditEventRecord>> {
  const limit = pageLimit(options.limit);
  const values: unknown[] = [tenantId];
  let where = 'tenant_id = $1';
  if (options.action !== undefined) where += ` and action = $${values.push(options.action)}`;
  const cursor = decodeCursor(options.cursor, 2);
  if (cursor !== undefined) {
    where += ` and (at, id) < ($${values.push(cursor[0])}::timestamptz, $${values.push(cursor[1])})`;
  }
  const result = await context.executor.query<AuditRow & { cursor_at: string }>(
    `select ${auditColumns}, ${exactTimestamp('at')} as cursor_at from audit_events
     where ${where} order by at desc, id desc limit $${values.push(limit + 1)}`,
    values,
    { idempotent: true },
  );
  return toPage(result.rows, limit, mapAuditRow, (row) => [row.cursor_at, row.id]);
}
