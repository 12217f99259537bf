import type { SessionStoreV1 } from '../v1/index.js';
import { assertOpen, currentTime, isExpired } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';

export function createMemoryExpire(state: MemoryStoreState): SessionStoreV1['expire'] {
  return async function expire(now) {
    assertOpen(state);
    const cutoff = now ?? currentTime(state);
    let threads = 0;
    let files = 0;
    for (const tenant of state.tenants.values()) {
      for (const [id, thread] of tenant.threads) {
        if (isExpired(thread.record.expiresAt, cutoff) && tenant.threads.delete(id)) threads += 1;
      }
      for (const [key, file] of tenant.files) {
        if (isExpired(file.expiresAt, cutoff) && tenant.files.delete(key)) files += 1;
      }
    }
    return { threads, files };
  };
}
