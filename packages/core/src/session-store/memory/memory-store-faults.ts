import type { SessionStoreFaults } from '../../test/contract-commit-turn.js';
import type { SessionStoreV1, StoreRecordType } from '../v1/index.js';
import { createMemorySessionStore, type MemorySessionStoreOptions } from './memory-session-store.js';

/**
 * Memory stores whose writes the contract suite can make fail, through the `beforeWrite` hook:
 * `create` makes a store, `faults` arms a failure of its next audit write. For tests only.
 */
export function memoryStoreFaults(): {
  create(options?: MemorySessionStoreOptions): SessionStoreV1;
  faults: SessionStoreFaults;
} {
  const armed = new WeakMap<SessionStoreV1, Set<StoreRecordType>>();
  return {
    create(options = {}) {
      const failing = new Set<StoreRecordType>();
      const store = createMemorySessionStore({
        ...options,
        beforeWrite(recordType) {
          options.beforeWrite?.(recordType);
          if (failing.delete(recordType)) throw new Error(`Injected failure writing a ${recordType} record.`);
        },
      });
      armed.set(store, failing);
      return store;
    },
    faults: {
      async failNextAuditWrite(store) {
        const failing = armed.get(store);
        if (failing === undefined) throw new Error('This store was not made by memoryStoreFaults().create.');
        failing.add('audit');
      },
    },
  };
}
