import type { PruneResult, SessionStoreTenantDataV1, TenantDataCounts } from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import type { CallRpc } from './supabase-rpc.js';

/** Deleting a tenant's data and retention, through migration 6's functions (service role only). */
export function createSupabaseTenantDataOperations(rpc: CallRpc): SessionStoreTenantDataV1 {
  return {
    async countTenantData(tenantId) {
      return rpc<TenantDataCounts>('exai_count_tenant_data', { p_tenant_id: tenantId });
    },
    async deleteTenantData({ tenantId, audit = {} }) {
      return rpc<TenantDataCounts>('exai_delete_tenant_data', {
        p_tenant_id: tenantId,
        p_audit: {
          ...(audit.id !== undefined && { id: audit.id }),
          ...(audit.at !== undefined && { at: audit.at.toISOString() }),
          ...(audit.actor !== undefined && { actor: audit.actor }),
          ...(audit.action !== undefined && { action: audit.action }),
          ...(audit.target !== undefined && { target: audit.target }),
          ...(audit.detail !== undefined && { detail: audit.detail }),
        },
      });
    },
    async prune({ threadsUpdatedBefore, usageCreatedBefore, auditBefore }) {
      return rpc<PruneResult>('exai_prune', {
        p_threads_before: isoDate(threadsUpdatedBefore),
        p_usage_before: isoDate(usageCreatedBefore),
        p_audit_before: isoDate(auditBefore),
      });
    },
  };
}
