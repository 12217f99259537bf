import type { RecordedRequest } from './fake-upstream-types.js';

interface Waiter {
  /** Returns true once the waiter is settled. */
  check: () => boolean;
  reject: (error: Error) => void;
}

const maxUnclaimedAborts = 1000;

/**
 * Promises on the traffic: "at least N recorded requests" and "the next client abort". Aborts that
 * happen before anyone waits are kept, so a test may abort first and wait afterwards.
 */
export function createRequestWaiters(requests: RecordedRequest[]) {
  const waiters = new Set<Waiter>();
  const unclaimedAborts: RecordedRequest[] = [];

  const settleReady = (): void => {
    for (const waiter of [...waiters]) if (waiter.check()) waiters.delete(waiter);
  };

  function wait<T>(
    timeoutInMs: number,
    poll: () => T | undefined,
    describeTimeout: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`fake upstream: ${describeTimeout()} within ${timeoutInMs} ms`));
      }, timeoutInMs);
      timer.unref();
      const waiter: Waiter = {
        check: () => {
          const value = poll();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (!waiter.check()) waiters.add(waiter);
    });
  }

  return {
    /** Call after a request was recorded. */
    notifyRequest: settleReady,

    /** Call when a client closed its connection before the response ended. */
    notifyClientAbort(request: RecordedRequest): void {
      unclaimedAborts.push(request);
      if (unclaimedAborts.length > maxUnclaimedAborts) unclaimedAborts.shift();
      settleReady();
    },

    waitForRequests(
      count: number,
      { timeoutInMs = 5000 }: { timeoutInMs?: number } = {},
    ): Promise<RecordedRequest[]> {
      return wait(
        timeoutInMs,
        () => (requests.length >= count ? [...requests] : undefined),
        () => `expected ${count} request(s) but received ${requests.length}`,
      );
    },

    waitForClientAbort({ timeoutInMs = 5000 }: { timeoutInMs?: number } = {}): Promise<RecordedRequest> {
      return wait(
        timeoutInMs,
        () => unclaimedAborts.shift(),
        () => 'no client closed a connection before its response ended',
      );
    },

    clear(): void {
      unclaimedAborts.length = 0;
    },

    rejectAll(error: Error): void {
      for (const waiter of waiters) waiter.reject(error);
      waiters.clear();
    },
  };
}
