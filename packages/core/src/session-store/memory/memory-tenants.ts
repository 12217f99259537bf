import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { ApiKeyRecord, SessionStoreV1, TenantRecord } from '../v1/index.js';
import {
  addTenant,
  assertOpen,
  copy,
  currentTime,
  requireTenant,
  type MemoryStoreState,
} from './memory-store-state.js';

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

function byCreation(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function createMemoryTenantOperations(state: MemoryStoreState): TenantOperations {
  return {
    async createTenant(input) {
      assertOpen(state);
      const id = input.id;
      const record: TenantRecord = {
        id,
        name: input.name ?? id,
        createdAt: currentTime(state),
        disabled: false,
        settings: input.settings ?? {},
      };
      if (state.tenants.has(id)) throw new RecordExistsError({ recordType: 'tenant', recordId: id });
      addTenant(state, record);
      return copy(record);
    },

    async getTenant(tenantId) {
      assertOpen(state);
      const tenant = state.tenants.get(tenantId);
      return tenant === undefined ? undefined : copy(tenant.record);
    },

    async listTenants() {
      assertOpen(state);
      return [...state.tenants.values()].map((tenant) => copy(tenant.record)).sort(byCreation);
    },

    async createApiKey(input) {
      assertOpen(state);
      const tenantId = input.tenantId;
      const record: ApiKeyRecord = {
        id: input.id ?? globalThis.crypto.randomUUID(),
        tenantId,
        name: input.name,
        prefix: input.prefix,
        hash: input.hash,
        createdAt: currentTime(state),
        revokedAt: undefined,
        lastUsedAt: undefined,
      };
      requireTenant(state, tenantId);
      if (state.apiKeys.has(record.id)) {
        throw new RecordExistsError({ recordType: 'api-key', recordId: record.id });
      }
      if (state.apiKeyIdsByHash.has(record.hash)) {
        throw new RecordExistsError({ recordType: 'api-key hash', recordId: record.hash });
      }
      state.apiKeys.set(record.id, record);
      state.apiKeyIdsByHash.set(record.hash, record.id);
      return copy(record);
    },

    async findApiKeyByHash(hash) {
      assertOpen(state);
      const id = state.apiKeyIdsByHash.get(hash);
      const record = id === undefined ? undefined : state.apiKeys.get(id);
      return record === undefined ? undefined : copy(record);
    },

    async listApiKeys(tenantId) {
      assertOpen(state);
      return [...state.apiKeys.values()]
        .filter((record) => record.tenantId === tenantId)
        .sort(byCreation)
        .map((record) => copy(record));
    },

    async revokeApiKey(tenantId, id) {
      assertOpen(state);
      const record = state.apiKeys.get(id);
      if (record === undefined || record.tenantId !== tenantId) return false;
      record.revokedAt ??= currentTime(state);
      return true;
    },

    async markApiKeysUsed(ids, usedAt) {
      assertOpen(state);
      for (const id of ids) {
        const record = state.apiKeys.get(id);
        if (record !== undefined && !(record.lastUsedAt !== undefined && record.lastUsedAt >= usedAt))
          record.lastUsedAt = new Date(usedAt);
      }
    },
  };
}
