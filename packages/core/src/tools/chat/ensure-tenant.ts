import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { SessionStoreV1 } from '../../session-store/v1/session-store-v1.js';

/** Creates the tenant on first use, so a fresh store can take a conversation right away. */
export async function ensureTenant(store: SessionStoreV1, tenantId: string): Promise<void> {
  if ((await store.getTenant(tenantId)) !== undefined) return;
  try {
    await store.createTenant({ id: tenantId });
  } catch (error) {
    if (!RecordExistsError.isInstance(error)) throw error;
  }
}
