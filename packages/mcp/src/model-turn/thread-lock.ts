/** The tail of each key's queue: resolves when the last holder (or waiter) is done. */
const tails = new Map<string, Promise<void>>();

/**
 * Runs `fn` once every earlier `withThreadLock` call for the same tenant and thread has finished,
 * so read-check-append sequences on one thread (its turns, its workflow state) do not interleave.
 * Calls for other threads run at once. A failing `fn` releases the lock like a successful one.
 *
 * This covers one process only: several replicas sharing a session store need the store's own
 * guarantees (sequence numbers, idempotency keys, transactions) to keep a thread consistent.
 */
export async function withThreadLock<Result>(
  tenantId: string,
  threadId: string,
  fn: () => Promise<Result>,
): Promise<Result> {
  const key = JSON.stringify([tenantId, threadId]);
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => done);
  tails.set(key, tail);
  try {
    await previous;
    return await fn();
  } finally {
    release();
    // The last holder removes the entry, so idle threads keep no memory.
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** How many threads have a holder or waiters now; for tests. */
export function lockedThreadCount(): number {
  return tails.size;
}
