import { cancelKeyToString, type CancelKey, type CancelRegistry } from './cancel-registry.js';

export interface MemoryCancelRegistryOptions {
  /**
   * How long a cancel that found no call is remembered, in case its request arrives later (a
   * cancel can overtake its request between replicas). Default 60 s.
   */
  rememberForInMs?: number;
  /** The most such cancels remembered; the oldest are forgotten first. Default 10 000. */
  maxRemembered?: number;
}

/** A registry for one process, and the local half of a shared one. */
export interface MemoryCancelRegistry extends CancelRegistry {
  /**
   * Runs the watchers of `key` in this process and reports whether there were any; a cancel
   * that found none is remembered for a while (see `rememberForInMs`).
   */
  deliver(key: CancelKey, reason: string): boolean;
  /** Calls watched in this process. */
  watchedCount(): number;
}

/** Cancels within one process: the call and its cancel must reach the same process. */
export function createMemoryCancelRegistry({
  rememberForInMs = 60_000,
  maxRemembered = 10_000,
}: MemoryCancelRegistryOptions = {}): MemoryCancelRegistry {
  const watchers = new Map<string, Set<(reason: string) => void>>();
  /** Cancels that found no call yet: key → [reason, forget-at]. Insertion order is age order. */
  const early = new Map<string, [string, number]>();

  function remember(id: string, reason: string): void {
    early.delete(id);
    early.set(id, [reason, Date.now() + rememberForInMs]);
    for (const [oldest, [, forgetAt]] of early) {
      if (early.size <= maxRemembered && forgetAt > Date.now()) break;
      early.delete(oldest);
    }
  }

  function deliver(key: CancelKey, reason: string): boolean {
    const id = cancelKeyToString(key);
    const found = watchers.get(id);
    if (found === undefined) {
      remember(id, reason);
      return false;
    }
    watchers.delete(id);
    for (const onCancel of found) onCancel(reason);
    return true;
  }

  return {
    watch(key, onCancel) {
      const id = cancelKeyToString(key);
      const before = early.get(id);
      if (before !== undefined && before[1] > Date.now()) {
        early.delete(id);
        onCancel(before[0]);
        return () => {};
      }
      let fired = false;
      const once = (reason: string) => {
        if (fired) return;
        fired = true;
        onCancel(reason);
      };
      const set = watchers.get(id) ?? new Set();
      set.add(once);
      watchers.set(id, set);
      return function unwatch() {
        const current = watchers.get(id);
        current?.delete(once);
        if (current?.size === 0) watchers.delete(id);
      };
    },
    async cancel(key, reason) {
      deliver(key, reason);
    },
    deliver,
    watchedCount: () => watchers.size,
    async close() {
      watchers.clear();
      early.clear();
    },
  };
}
