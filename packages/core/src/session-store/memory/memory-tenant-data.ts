import type { AuditEventRecord, SessionStoreTenantDataV1, TenantDataCounts } from '../v1/index.js';
import { assertOpen, copy, currentTime, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState, MemoryTenant } from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

function countOf(state: MemoryStoreState, tenantId: string, tenant: MemoryTenant): TenantDataCounts {
  let turns = 0;
  let workflowStates = 0;
  for (const thread of tenant.threads.values()) {
    turns += thread.turns.size;
    if (thread.workflowState !== undefined) workflowStates += 1;
  }
  let apiKeys = 0;
  for (const key of state.apiKeys.values()) if (key.tenantId === tenantId) apiKeys += 1;
  return {
    threads: tenant.threads.size,
    turns,
    workflowStates,
    files: tenant.files.size,
    usage: tenant.usage.size,
    audit: tenant.audit.size,
    apiKeys,
  };
}

/** Deletion of a tenant's data and retention pruning, for the memory store. */
export function createMemoryTenantDataOperations(state: MemoryStoreState): SessionStoreTenantDataV1 {
  return {
    async countTenantData(tenantId) {
      assertOpen(state);
      return countOf(state, tenantId, requireTenant(state, tenantId));
    },

    async deleteTenantData({ tenantId, audit = {} }) {
      assertOpen(state);
      const tenant = requireTenant(state, tenantId);
      const counts = countOf(state, tenantId, tenant);
      const event: AuditEventRecord = {
        tenantId,
        id: audit.id ?? createRecordId(),
        at: audit.at ?? currentTime(state),
        actor: audit.actor,
        action: audit.action ?? 'tenant.delete',
        target: audit.target ?? tenantId,
        detail: { ...audit.detail, deleted: { ...counts } },
      };
      state.beforeWrite('audit');
      // Every map a tenant owns is emptied here; a new kind of per-tenant record is cleared here too.
      tenant.threads.clear();
      tenant.files.clear();
      tenant.usage.clear();
      tenant.audit.clear();
      tenant.tasks.clear();
      tenant.streams.clear();
      tenant.streamEvents.clear();
      for (const [id, key] of state.apiKeys) {
        if (key.tenantId !== tenantId) continue;
        state.apiKeys.delete(id);
        state.apiKeyIdsByHash.delete(key.hash);
      }
      tenant.audit.set(event.id, copy(event));
      return counts;
    },

    async prune({ threadsUpdatedBefore, usageCreatedBefore, auditBefore }) {
      assertOpen(state);
      const result = { threads: 0, usage: 0, audit: 0 };
      for (const tenant of state.tenants.values()) {
        if (threadsUpdatedBefore !== undefined) {
          for (const [id, thread] of tenant.threads) {
            if (thread.record.updatedAt < threadsUpdatedBefore && tenant.threads.delete(id))
              result.threads += 1;
          }
        }
        if (usageCreatedBefore !== undefined) {
          for (const [id, usage] of tenant.usage) {
            if (usage.createdAt < usageCreatedBefore && tenant.usage.delete(id)) result.usage += 1;
          }
        }
        if (auditBefore !== undefined) {
          for (const [id, event] of tenant.audit) {
            if (event.at < auditBefore && tenant.audit.delete(id)) result.audit += 1;
          }
        }
      }
      return result;
    },
  };
}
