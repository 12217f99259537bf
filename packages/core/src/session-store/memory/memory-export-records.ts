import type { SessionStoreV1, StoreRecord } from '../v1/index.js';
import { assertOpen, copy } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';

function byKey<T>(keyOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);
}

/** Every record, parents first: tenants, API keys, each thread with its turns and workflow state, files, usage, audit. */
function snapshot(state: MemoryStoreState): StoreRecord[] {
  const tenants = [...state.tenants.values()].sort(byKey((tenant) => tenant.record.id));
  const records: StoreRecord[] = tenants.map((tenant) => ({ type: 'tenant', record: tenant.record }));
  for (const record of [...state.apiKeys.values()].sort(byKey((key) => key.id))) {
    records.push({ type: 'api-key', record });
  }
  for (const tenant of tenants) {
    for (const thread of [...tenant.threads.values()].sort(byKey((thread) => thread.record.id))) {
      records.push({ type: 'thread', record: thread.record });
      for (const turn of [...thread.turns.values()].sort((a, b) => a.seq - b.seq)) {
        records.push({ type: 'turn', record: turn });
      }
      if (thread.workflowState) records.push({ type: 'workflow-state', record: thread.workflowState });
    }
  }
  for (const tenant of tenants) {
    for (const record of tenant.files.values()) records.push({ type: 'file', record });
  }
  for (const tenant of tenants) {
    for (const record of tenant.usage.values()) records.push({ type: 'usage', record });
  }
  for (const tenant of tenants) {
    for (const record of tenant.audit.values()) records.push({ type: 'audit', record });
  }
  for (const tenant of tenants) {
    for (const record of tenant.tasks.values()) records.push({ type: 'task', record });
  }
  for (const tenant of tenants) {
    for (const events of tenant.streams.values()) {
      for (const record of events) records.push({ type: 'stream-event', record });
    }
  }
  return records.map((entry) => copy(entry));
}

export function createMemoryExportRecords(state: MemoryStoreState): SessionStoreV1['exportRecords'] {
  return async function* exportRecords() {
    assertOpen(state);
    yield* snapshot(state);
  };
}
