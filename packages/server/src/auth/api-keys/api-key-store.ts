/**
 * What API-key authentication needs of a session store (`SessionStoreV1` has all of it). A store
 * without `markApiKeysUsed` keeps no `lastUsedAt`.
 */
export interface ApiKeyStore {
  findApiKeyByHash(
    hash: string,
  ): Promise<{ id: string; tenantId: string; hash: string; revokedAt: Date | undefined } | undefined>;
  getTenant(tenantId: string): Promise<{ disabled: boolean } | undefined>;
  markApiKeysUsed?(ids: readonly string[], usedAt: Date): Promise<void>;
}
