import type { SessionStoreV1 } from '../v1/index.js';
import { assertOpen, currentTime, isExpired } from './memory-store-state.js';
import type { MemoryStoreState, MemoryTenant } from './memory-store-state.js';

function expireTasksAndEvents(tenant: MemoryTenant, cutoff: Date): void {
  for (const [id, task] of tenant.tasks) if (isExpired(task.expiresAt, cutoff)) tenant.tasks.delete(id);
  for (const [streamId, events] of tenant.streams) {
    const kept = events.filter((event) => !isExpired(event.expiresAt, cutoff));
    for (const event of events) if (!kept.includes(event)) tenant.streamEvents.delete(event.eventId);
    if (kept.length === 0) tenant.streams.delete(streamId);
    else tenant.streams.set(streamId, kept);
  }
}

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
      expireTasksAndEvents(tenant, cutoff);
    }
    return { threads, files };
  };
}
