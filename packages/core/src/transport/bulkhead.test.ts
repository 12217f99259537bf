import { describe, expect, it } from 'vitest';
import { OverCapacityError } from '../errors/index.js';
import { Bulkhead } from './bulkhead.js';
import { CallAbortSignal } from './call-abort-signal.js';

describe('Bulkhead', () => {
  it('hands slots to waiters in order and counts them', async () => {
    const bulkhead = new Bulkhead('p', 1, 2);
    expect(bulkhead.tryAcquire()).toBe(true);
    const order: string[] = [];
    const b = bulkhead.acquire(new CallAbortSignal()).then(() => order.push('b'));
    const c = bulkhead.acquire(new CallAbortSignal()).then(() => order.push('c'));
    expect(bulkhead.status()).toMatchObject({ inFlight: 1, queued: 2 });
    bulkhead.release(10);
    await b;
    expect(bulkhead.status()).toMatchObject({ inFlight: 1, queued: 1 });
    bulkhead.release(10);
    await c;
    bulkhead.release(10);
    expect(order).toEqual(['b', 'c']);
    expect(bulkhead.status()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('rejects beyond the queue with a retry hint', async () => {
    const bulkhead = new Bulkhead('p', 1, 0);
    bulkhead.tryAcquire();
    const error = await bulkhead.acquire(new CallAbortSignal()).catch((caught: unknown) => caught);
    expect(OverCapacityError.isInstance(error)).toBe(true);
    expect((error as OverCapacityError).retryAfterInMs).toBeGreaterThanOrEqual(100);
  });

  it('removes an aborted waiter from the queue', async () => {
    const bulkhead = new Bulkhead('p', 1, 5);
    bulkhead.tryAcquire();
    const signal = new CallAbortSignal();
    const waiting = bulkhead.acquire(signal).catch((caught: unknown) => caught);
    const reason = new Error('stop');
    signal.abort(reason);
    expect(await waiting).toBe(reason);
    expect(bulkhead.status()).toMatchObject({ inFlight: 1, queued: 0 });
    bulkhead.release(1);
    expect(bulkhead.status()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('does not queue behind waiters: tryAcquire fails while others wait', () => {
    const bulkhead = new Bulkhead('p', 1, 5);
    bulkhead.tryAcquire();
    void bulkhead.acquire(new CallAbortSignal());
    bulkhead.release(1); // hands the slot to the waiter
    expect(bulkhead.tryAcquire()).toBe(false);
  });
});
