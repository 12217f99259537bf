import type { ApiKeyRecord, SessionStoreV1, TenantRecord } from '@exai/core';
import { reviveOptionalRecord, reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';

type TenantOperations = Pick<
  SessionStoreV1,
  | 'createTenant'
  | 'getTenant'
  | 'listTenants'
  | 'createApiKey'
  | 'findApiKeyByHash'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'markApiKeysUsed'
>;

export function createSupabaseTenantOperations(rpc: CallRpc): TenantOperations {
  return {
    async createTenant({ id, name, settings }) {
      const row = await rpc('exai_create_tenant', { p_id: id, p_name: name, p_settings: settings });
      return reviveRecord<TenantRecord>(row);
    },
    async getTenant(tenantId) {
      return reviveOptionalRecord<TenantRecord>(await rpc('exai_get_tenant', { p_tenant_id: tenantId }));
    },
    async listTenants() {
      return reviveRecords<TenantRecord>(await rpc('exai_list_tenants'));
    },
    async createApiKey({ tenantId, id, name, prefix, hash }) {
      const row = await rpc(
        'exai_create_api_key',
        { p_tenant_id: tenantId, p_id: id, p_name: name, p_prefix: prefix, p_hash: hash },
        { missing: { recordType: 'tenant', recordId: tenantId } },
      );
      return reviveRecord<ApiKeyRecord>(row);
    },
    async findApiKeyByHash(hash) {
      return reviveOptionalRecord<ApiKeyRecord>(await rpc('exai_find_api_key_by_hash', { p_hash: hash }));
    },
    async listApiKeys(tenantId) {
      return reviveRecords<ApiKeyRecord>(await rpc('exai_list_api_keys', { p_tenant_id: tenantId }));
    },
    async revokeApiKey(tenantId, id) {
      return rpc<boolean>('exai_revoke_api_key', { p_tenant_id: tenantId, p_id: id });
    },
    async markApiKeysUsed(ids, usedAt) {
      if (ids.length === 0) return;
      await rpc('exai_mark_api_keys_used', { p_ids: [...ids], p_used_at: usedAt.toISOString() });
    },
  };
}
