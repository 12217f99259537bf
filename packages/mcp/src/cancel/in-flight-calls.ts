import { AbortedError } from '@exai/core';

/** One tracked tool call. */
export interface InFlightCall {
  /** Aborted when the client cancels the call, or when `abortAll` runs. */
  readonly signal: AbortSignal;
  /** Marks the call finished (whatever its outcome); call it exactly once. */
  done(): void;
}

/**
 * The tool calls a server is running, so a daemon that stops can let them finish, then cancel
 * the rest and wait until each has recorded its outcome before the store closes.
 */
export interface InFlightCalls {
  /**
   * Tracks a call whose client-side cancel arrives on `clientSignal`. A caller that owns that
   * signal's controller passes `abortCall` (aborting it), and the call runs on `clientSignal`
   * itself; otherwise it gets a signal of its own that follows `clientSignal`.
   */
  start(clientSignal: AbortSignal, abortCall?: (reason: Error) => void): InFlightCall;
  count(): number;
  /** Resolves `true` once no call is in flight, or `false` after `timeoutInMs`. */
  whenIdle(timeoutInMs: number): Promise<boolean>;
  /** Aborts every call in flight with `reason` (each then ends as cancelled). */
  abortAll(reason: string): void;
}

export function createInFlightCalls(): InFlightCalls {
  /** How to abort each call in flight. */
  const running = new Set<(reason: Error) => void>();
  let idleWaiters: Array<() => void> = [];

  function settle(): void {
    if (running.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  return {
    start(clientSignal, abortCall) {
      let finished = false;
      if (abortCall !== undefined) {
        // No controller of its own: one less `AbortController` and listener per call.
        running.add(abortCall);
        return {
          signal: clientSignal,
          done() {
            if (finished) return;
            finished = true;
            running.delete(abortCall);
            settle();
          },
        };
      }
      const controller = new AbortController();
      const abort = (reason: Error) => controller.abort(reason);
      const forward = () => controller.abort(clientSignal.reason);
      if (clientSignal.aborted) forward();
      else clientSignal.addEventListener('abort', forward, { once: true });
      running.add(abort);
      return {
        signal: controller.signal,
        done() {
          if (finished) return;
          finished = true;
          clientSignal.removeEventListener('abort', forward);
          running.delete(abort);
          settle();
        },
      };
    },
    count: () => running.size,
    whenIdle(timeoutInMs) {
      if (running.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idleWaiters = idleWaiters.filter((waiter) => waiter !== wake);
          resolve(false);
        }, timeoutInMs);
        idleWaiters.push(wake);
      });
    },
    abortAll(reason) {
      for (const abort of running) abort(new AbortedError({ message: reason }));
    },
  };
}
