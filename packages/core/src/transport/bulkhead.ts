import { OverCapacityError } from '../errors/index.js';
import type { CallAbortSignal } from './call-abort-signal.js';
import type { BulkheadStatus } from './transport.js';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: CallAbortSignal;
  onAbort: () => void;
}

/**
 * Limits the requests in flight to one provider, with a bounded FIFO queue behind the limit.
 *
 * Hand-written because opossum's `capacity` is a semaphore that rejects at once when full: it has
 * no queue, and a queued request must also be able to leave the queue when its caller aborts.
 * `tryAcquire()` is synchronous so the common, uncontended case costs no promise.
 */
export class Bulkhead {
  inFlight = 0;
  private readonly queue: Waiter[] = [];
  /** Moving average of how long a slot is held, for the over-capacity retry hint. */
  private averageHoldInMs = 1000;

  constructor(
    readonly provider: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.inFlight >= this.maxConcurrent || this.queue.length > 0) return false;
    this.inFlight++;
    return true;
  }

  /**
   * Waits in the queue for a slot; rejects with `OverCapacityError` when the queue is full too.
   * `onQueued` is told the call's place in line when it has to wait.
   */
  acquire(signal: CallAbortSignal, onQueued?: (position: number) => void): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (this.queue.length >= this.maxQueue) return Promise.reject(this.overCapacityError());
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(waiter);
          if (index !== -1) this.queue.splice(index, 1);
          reject(signal.reason);
        },
      };
      this.queue.push(waiter);
      signal.once('abort', waiter.onAbort);
      onQueued?.(this.queue.length);
    });
  }

  /** Frees a slot, handing it straight to the first waiter if there is one. */
  release(heldInMs: number): void {
    this.averageHoldInMs += (heldInMs - this.averageHoldInMs) * 0.1;
    const next = this.queue.shift();
    if (next === undefined) {
      this.inFlight--;
      return;
    }
    next.signal.removeListener('abort', next.onAbort);
    next.resolve();
  }

  status(): BulkheadStatus {
    const { provider, inFlight, maxConcurrent, maxQueue } = this;
    return { provider, inFlight, queued: this.queue.length, maxConcurrent, maxQueue };
  }

  private overCapacityError(): OverCapacityError {
    const waves = Math.ceil((this.queue.length + 1) / this.maxConcurrent);
    const retryAfterInMs = Math.max(100, Math.round(this.averageHoldInMs * waves));
    const { provider, maxConcurrent, maxQueue } = this;
    return new OverCapacityError({ provider, maxConcurrent, maxQueue, retryAfterInMs });
  }
}
