import { afterAll, expect } from 'vitest';
import { memoryStoreFaults } from '../session-store/memory/memory-store-faults.js';
import { describeSessionStoreContract } from './describe-session-store-contract.js';

const log: string[] = [];
let created = 0;
let unreachableCalls = 0;

const faulty = memoryStoreFaults();

describeSessionStoreContract(
  'memory, with a cleanup',
  async () => {
    const id = ++created;
    const store = faulty.create();
    const close = store.close.bind(store);
    store.close = async () => {
      log.push(`close ${id}`);
      await close();
    };
    return { store, cleanup: async () => void log.push(`cleanup ${id}`) };
  },
  { faults: faulty.faults },
);

describeSessionStoreContract(
  'unreachable',
  async () => {
    unreachableCalls += 1;
    throw new Error('must not be called');
  },
  { skip: 'no server at localhost:5432' },
);

afterAll(() => {
  expect(created).toBeGreaterThan(50);
  const expected = Array.from({ length: created }, (_, index) => [
    `close ${index + 1}`,
    `cleanup ${index + 1}`,
  ]);
  expect([...log].sort()).toEqual(expected.flat().sort());
  for (let id = 1; id <= created; id += 1) {
    expect(log.indexOf(`close ${id}`)).toBeLessThan(log.indexOf(`cleanup ${id}`));
  }
  expect(unreachableCalls).toBe(0);
});
