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
  /** Tracks a call whose client-side cancel arrives on `clientSignal`. */
  start(clientSignal: AbortSignal): InFlightCall;
  count(): number;
  /** Resolves `true` once no call is in flight, or `false` after `timeoutInMs`. */
  whenIdle(timeoutInMs: number): Promise<boolean>;
  /** Aborts every call in flight with `reason` (each then ends as cancelled). */
  abortAll(reason: string): void;
}

export function createInFlightCalls(): InFlightCalls {
  const running = new Set<AbortController>();
  let idleWaiters: Array<() => void> = [];

  function settle(): void {
    if (running.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  return {
    start(clientSignal) {
      const controller = new AbortController();
      const forward = () => controller.abort(clientSignal.reason);
      if (clientSignal.aborted) forward();
      else clientSignal.addEventListener('abort', forward, { once: true });
      running.add(controller);
      let finished = false;
      return {
        signal: controller.signal,
        done() {
          if (finished) return;
          finished = true;
          clientSignal.removeEventListener('abort', forward);
          running.delete(controller);
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
      for (const controller of running) controller.abort(new Error(reason));
    },
  };
}
