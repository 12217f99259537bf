import { afterEach, beforeEach } from 'vitest';
import type { SessionStoreV1 } from '../session-store/v1/index.js';

/** A store for one test, and how to remove what it left behind (a schema, a file, a database). */
export interface SessionStoreContractSubject {
  store: SessionStoreV1;
  /** Called after the suite has closed `store`. */
  cleanup?: () => Promise<void>;
}

/** Makes a fresh, empty store each time it is called. */
export type CreateSessionStoreSubject = () => Promise<SessionStoreContractSubject>;

/** What the area suites see of the running test. */
export interface ContractContext {
  /** The running test's fresh, empty store. */
  readonly store: SessionStoreV1;
  /** Another fresh, empty store, closed and cleaned up with the test's own. */
  createStore(): Promise<SessionStoreV1>;
}

/**
 * Registers hooks that give every test a fresh store from `createSubject`, and that close and
 * clean up every store a test made, even when the test failed.
 */
export function useContractContext(createSubject: CreateSessionStoreSubject): ContractContext {
  const subjects: SessionStoreContractSubject[] = [];
  let current: SessionStoreV1 | undefined;

  async function createStore(): Promise<SessionStoreV1> {
    const subject = await createSubject();
    subjects.push(subject);
    return subject.store;
  }

  beforeEach(async () => {
    current = await createStore();
  });

  afterEach(async () => {
    current = undefined;
    const failures: unknown[] = [];
    for (const subject of subjects.splice(0).reverse()) {
      await subject.store.close().catch((error: unknown) => failures.push(error));
      await subject.cleanup?.().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  });

  return {
    get store() {
      if (current === undefined) throw new Error('The contract store exists only while a test runs.');
      return current;
    },
    createStore,
  };
}
