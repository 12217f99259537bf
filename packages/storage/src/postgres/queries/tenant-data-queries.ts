import {
  RecordNotFoundError,
  type DeleteTenantDataInput,
  type PruneOptions,
  type PruneResult,
  type TenantDataCounts,
  type TenantId,
} from '@exai/core';
import type { Queryable } from '../executor/postgres-executor.js';
import type { StoreContext } from './store-context.js';
import { tenantColumns, type TenantRow } from './tenant-queries.js';
import { createRecordId } from '@exai/core/internal';

/** A new per-tenant table (tasks, …) is deleted by the cascade; add its count here and to `TenantDataCounts`. */
const countSql = `select
  (select count(*) from threads where tenant_id = $1)::int as "threads",
  (select count(*) from turns where tenant_id = $1)::int as "turns",
  (select count(*) from workflow_states where tenant_id = $1)::int as "workflowStates",
  (select count(*) from files where tenant_id = $1)::int as "files",
  (select count(*) from usage_records where tenant_id = $1)::int as "usage",
  (select count(*) from audit_events where tenant_id = $1)::int as "audit",
  (select count(*) from api_keys where tenant_id = $1)::int as "apiKeys"`;

async function lockTenant(client: Queryable, tenantId: TenantId, lock: boolean): Promise<TenantRow> {
  const result = await client.query<TenantRow>(
    `select ${tenantColumns} from tenants where id = $1${lock ? ' for update' : ''}`,
    [tenantId],
  );
  const row = result.rows[0];
  if (row === undefined) throw new RecordNotFoundError({ recordType: 'tenant', recordId: tenantId });
  return row;
}

async function countRows(client: Queryable, tenantId: TenantId): Promise<TenantDataCounts> {
  const result = await client.query<TenantDataCounts & Record<string, number>>(countSql, [tenantId]);
  return { ...result.rows[0]! };
}

export async function countTenantData(context: StoreContext, tenantId: TenantId): Promise<TenantDataCounts> {
  return context.executor.transaction(async (client) => {
    await lockTenant(client, tenantId, false);
    return countRows(client, tenantId);
  });
}

/**
 * Deletes the tenant's row and puts it back, in one transaction: every table referencing
 * `tenants` with `on delete cascade` (all of them, and any added later) loses the tenant's rows,
 * and the thread audit trigger stays silent because the tenant is gone while they are deleted.
 * Then the one audit event of the deletion is stored.
 */
export async function deleteTenantData(
  context: StoreContext,
  { tenantId, audit = {} }: DeleteTenantDataInput,
): Promise<TenantDataCounts> {
  return context.executor.transaction(async (client) => {
    const tenant = await lockTenant(client, tenantId, true);
    const counts = await countRows(client, tenantId);
    await client.query('delete from tenants where id = $1', [tenantId]);
    await client.query(
      'insert into tenants (id, name, created_at, disabled, settings) values ($1, $2, $3, $4, $5)',
      [tenant.id, tenant.name, tenant.created_at, tenant.disabled, tenant.settings],
    );
    await client.query(
      `insert into audit_events (tenant_id, id, at, actor, action, target, detail)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        audit.id ?? createRecordId(),
        audit.at ?? context.now(),
        audit.actor ?? null,
        audit.action ?? 'tenant.delete',
        audit.target ?? tenantId,
        { ...audit.detail, deleted: counts },
      ],
    );
    return counts;
  });
}

/** Retention: deletes old threads, usage and audit events in every tenant, in one transaction. */
export async function prune(
  context: StoreContext,
  { threadsUpdatedBefore, usageCreatedBefore, auditBefore }: PruneOptions,
): Promise<PruneResult> {
  return context.executor.transaction(async (client) => {
    await client.query("select set_config('exai.actor', 'system', true)");
    const deleteOlder = async (sql: string, cutoff: Date | undefined): Promise<number> =>
      cutoff === undefined ? 0 : ((await client.query(sql, [cutoff])).rowCount ?? 0);
    const threads = await deleteOlder('delete from threads where updated_at < $1', threadsUpdatedBefore);
    const usage = await deleteOlder('delete from usage_records where created_at < $1', usageCreatedBefore);
    const audit = await deleteOlder('delete from audit_events where at < $1', auditBefore);
    return { threads, usage, audit };
  });
}
