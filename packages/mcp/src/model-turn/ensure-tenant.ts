import { RecordExistsError } from '@exai/core';
import type { SessionStoreV1 } from '@exai/core';

/** Tenants known to exist, per store, so a busy server does not look them up on every call. */
const knownTenants = new WeakMap<SessionStoreV1, Set<string>>();

/**
 * Creates the tenant on first use, so a fresh store can take a conversation right away. Returns
 * undefined, not a promise, when the tenant is known already (every call but the first): the hot
 * path awaits nothing.
 */
export function ensureTenant(store: SessionStoreV1, tenantId: string): Promise<void> | undefined {
  if (knownTenants.get(store)?.has(tenantId)) return undefined;
  return createTenantOnce(store, tenantId);
}

async function createTenantOnce(store: SessionStoreV1, tenantId: string): Promise<void> {
  let known = knownTenants.get(store);
  if ((await store.getTenant(tenantId)) === undefined) {
    try {
      await store.createTenant({ id: tenantId });
    } catch (error) {
      if (!RecordExistsError.isInstance(error)) throw error;
    }
  }
  if (known === undefined) knownTenants.set(store, (known = new Set()));
  known.add(tenantId);
}
