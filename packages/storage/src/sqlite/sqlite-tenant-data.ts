import {
  RecordNotFoundError,
  type AuditEventRecord,
  type DeleteTenantDataInput,
  type PruneOptions,
  type PruneResult,
  type TenantDataCounts,
} from '@exai/core';

import type { createAuditQueries } from './sqlite-audit.js';
import type { TenantQueries } from './sqlite-tenants.js';
import { toMs, type SqliteContext } from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

type AuditQueries = ReturnType<typeof createAuditQueries>;

/** A new per-tenant table (tasks, …) is deleted by the cascade; add its count here and to `TenantDataCounts`. */
const countSql = `SELECT
  (SELECT count(*) FROM threads WHERE tenant_id = @t) AS threads,
  (SELECT count(*) FROM turns WHERE tenant_id = @t) AS turns,
  (SELECT count(*) FROM workflow_states WHERE tenant_id = @t) AS workflowStates,
  (SELECT count(*) FROM files WHERE tenant_id = @t) AS files,
  (SELECT count(*) FROM usage_records WHERE tenant_id = @t) AS usage,
  (SELECT count(*) FROM audit_events WHERE tenant_id = @t) AS audit,
  (SELECT count(*) FROM api_keys WHERE tenant_id = @t) AS apiKeys`;

/**
 * Deletion of a tenant's data and retention pruning. The tenant's row is deleted and put back in
 * one transaction: every table that references `tenants` with `ON DELETE CASCADE` (all of them,
 * and any added later) loses the tenant's rows, and the tenant keeps its id, name and settings.
 */
export function createTenantDataQueries(
  { db, now }: SqliteContext,
  tenants: TenantQueries,
  audit: AuditQueries,
) {
  const count = db.prepare<[{ t: string }], TenantDataCounts>(countSql);
  const deleteTenant = db.prepare<[string]>('DELETE FROM tenants WHERE id = ?');
  const pruneThreads = db.prepare<[number]>('DELETE FROM threads WHERE updated_at < ?');
  const pruneUsage = db.prepare<[number]>('DELETE FROM usage_records WHERE created_at < ?');
  const pruneAudit = db.prepare<[number]>('DELETE FROM audit_events WHERE at < ?');

  const requireTenant = (tenantId: string) => {
    const tenant = tenants.get(tenantId);
    if (tenant === undefined) throw new RecordNotFoundError({ recordType: 'tenant', recordId: tenantId });
    return tenant;
  };

  return {
    count(tenantId: string): TenantDataCounts {
      requireTenant(tenantId);
      return { ...count.get({ t: tenantId })! };
    },
    delete: db.transaction(({ tenantId, audit: given = {} }: DeleteTenantDataInput): TenantDataCounts => {
      const tenant = requireTenant(tenantId);
      const counts = { ...count.get({ t: tenantId })! };
      deleteTenant.run(tenantId);
      tenants.insertRecord(tenant);
      const event: AuditEventRecord = {
        tenantId,
        id: given.id ?? createRecordId(),
        at: given.at ?? now(),
        actor: given.actor,
        action: given.action ?? 'tenant.delete',
        target: given.target ?? tenantId,
        detail: { ...given.detail, deleted: counts },
      };
      audit.insertRecord(event);
      return counts;
    }).immediate,
    prune: db.transaction(
      ({ threadsUpdatedBefore, usageCreatedBefore, auditBefore }: PruneOptions): PruneResult => ({
        threads:
          threadsUpdatedBefore === undefined ? 0 : pruneThreads.run(toMs(threadsUpdatedBefore)).changes,
        usage: usageCreatedBefore === undefined ? 0 : pruneUsage.run(toMs(usageCreatedBefore)).changes,
        audit: auditBefore === undefined ? 0 : pruneAudit.run(toMs(auditBefore)).changes,
      }),
    ).immediate,
  };
}
