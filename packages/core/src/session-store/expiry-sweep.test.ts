import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { startExpirySweep, type ExpirySweep } from './expiry-sweep.js';
import { createMemorySessionStore } from './memory/memory-session-store.js';
import { DEFAULT_TENANT_ID, type ExpireResult, type SessionStoreV1 } from './v1/index.js';

const tenantId = DEFAULT_TENANT_ID;
const minute = 60_000;

/** Settles what a failed test left waiting, so `stop()` in afterEach does not hang. */
const unsettled = new Set<() => void>();

/** A store whose `expire` calls wait until the test settles them, counting how many run at once. */
function gatedStore() {
  const calls: Array<{ at: Date | undefined; settle: (outcome: ExpireResult | Error) => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const store: SessionStoreV1 = {
    ...createMemorySessionStore(),
    expire: (at) =>
      new Promise<ExpireResult>((resolve, reject) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const settle = (outcome: ExpireResult | Error): void => {
          if (!unsettled.delete(release)) return;
          inFlight -= 1;
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        const release = (): void => settle({ threads: 0, files: 0 });
        unsettled.add(release);
        calls.push({ at, settle });
      }),
  };
  return { store, calls, maxInFlight: () => maxInFlight };
}

describe('startExpirySweep', () => {
  let sweep: ExpirySweep | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    for (const release of [...unsettled]) release();
    await sweep?.stop();
    sweep = undefined;
    vi.useRealTimers();
  });

  it('deletes expired threads every interval (10 minutes by default), reporting each sweep', async () => {
    const store = createMemorySessionStore();
    await store.createThread({ tenantId, id: 'short', expiresAt: new Date(Date.now() + minute) });
    await store.createThread({ tenantId, id: 'long', expiresAt: new Date(Date.now() + 15 * minute) });
    const results: ExpireResult[] = [];
    sweep = startExpirySweep({ store, onSweep: (result) => results.push(result) });

    await vi.advanceTimersByTimeAsync(10 * minute - 1);
    expect(results).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(results).toEqual([{ threads: 1, files: 0 }]);
    expect(await store.getThread(tenantId, 'short')).toBeUndefined();

    await vi.advanceTimersByTimeAsync(10 * minute);
    expect(results).toEqual([
      { threads: 1, files: 0 },
      { threads: 1, files: 0 },
    ]);
    expect(await store.getThread(tenantId, 'long')).toBeUndefined();
  });

  it('expires against the injected clock', async () => {
    const store = createMemorySessionStore();
    await store.createThread({ tenantId, id: 't', expiresAt: new Date('2040-01-01T00:00:00Z') });
    sweep = startExpirySweep({ store, intervalInMs: 1_000, now: () => new Date('2041-01-01T00:00:00Z') });
    expect(await sweep.sweepNow()).toEqual({ threads: 1, files: 0 });
  });

  it('never runs two sweeps at once; calls made during a sweep share the one that follows it', async () => {
    const { store, calls, maxInFlight } = gatedStore();
    sweep = startExpirySweep({ store, intervalInMs: 1_000 });

    const manual = sweep.sweepNow();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.at).toBeUndefined(); // Without `now`, the store's own clock decides.
    await vi.advanceTimersByTimeAsync(5_000); // The timer waits for the running sweep.
    expect(calls).toHaveLength(1);
    const first = sweep.sweepNow();
    const second = sweep.sweepNow();
    expect(calls).toHaveLength(1);

    calls[0]!.settle({ threads: 1, files: 0 });
    expect(await manual).toEqual({ threads: 1, files: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    calls[1]!.settle({ threads: 2, files: 3 });
    expect(await first).toEqual({ threads: 2, files: 3 });
    expect(await second).toEqual({ threads: 2, files: 3 });

    // The next timed sweep comes one interval after the one the timer waited for.
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    // Calls during the timed sweep do not join it (it began before they were made): they share the next.
    const third = sweep.sweepNow();
    expect(sweep.sweepNow()).toBe(third);
    calls[2]!.settle({ threads: 0, files: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(4);
    calls[3]!.settle({ threads: 5, files: 0 });
    expect(await third).toEqual({ threads: 5, files: 0 });
    expect(maxInFlight()).toBe(1);
  });

  it('reports failed sweeps to onError and keeps sweeping; sweepNow rejects with the error', async () => {
    const { store, calls } = gatedStore();
    const errors: unknown[] = [];
    const results: ExpireResult[] = [];
    sweep = startExpirySweep({
      store,
      intervalInMs: 1_000,
      onError: (error) => errors.push(error),
      onSweep: (result) => results.push(result),
    });

    await vi.advanceTimersByTimeAsync(1_000);
    const outage = new Error('store unavailable');
    calls[0]!.settle(outage);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([outage]);

    await vi.advanceTimersByTimeAsync(1_000);
    calls[1]!.settle({ threads: 4, files: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([{ threads: 4, files: 0 }]);

    const now = sweep.sweepNow();
    const refused = new Error('refused');
    calls[2]!.settle(refused);
    await expect(now).rejects.toBe(refused);
    expect(errors).toEqual([outage]); // The caller of sweepNow heard about it; onError did not.
  });

  it('swallows errors thrown by onSweep and onError, or when there is no onError', async () => {
    const store = createMemorySessionStore();
    const reported: unknown[] = [];
    sweep = startExpirySweep({
      store,
      intervalInMs: 1_000,
      onSweep: () => {
        throw new Error('onSweep broke');
      },
      onError: (error) => {
        reported.push(error);
        throw new Error('onError broke');
      },
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(reported.map((error) => (error as Error).message)).toEqual([
      'onSweep broke',
      'onSweep broke',
      'onSweep broke',
    ]);
    expect(await sweep.sweepNow()).toEqual({ threads: 0, files: 0 });

    const { store: failing, calls } = gatedStore();
    const silent = startExpirySweep({ store: failing, intervalInMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    calls[0]!.settle(new Error('nobody listens'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    calls[1]!.settle({ threads: 0, files: 0 });
    await silent.stop();
  });

  it('stop() waits for the running sweep, then no timer fires again', async () => {
    const { store, calls } = gatedStore();
    sweep = startExpirySweep({ store, intervalInMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    const queued = sweep.sweepNow();

    let stopped = false;
    const stopping = sweep.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    calls[0]!.settle(new Error('failed while stopping'));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false); // The sweep queued by sweepNow runs first.
    calls[1]!.settle({ threads: 1, files: 0 });
    await stopping;
    expect(await queued).toEqual({ threads: 1, files: 0 });
    expect(sweep.stop()).toBe(sweep.stop());

    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it('rejects an interval outside 1 to 2^31-1 milliseconds, which setTimeout would turn into 1 ms', async () => {
    const store = createMemorySessionStore();
    for (const intervalInMs of [0, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 30 * 86_400_000]) {
      expect(() => startExpirySweep({ store, intervalInMs })).toThrow(InvalidArgumentError);
    }
    expect(() => startExpirySweep({ store, intervalInMs: 2 ** 32 })).toThrow(
      /intervalInMs must be from 1 to 2147483647 milliseconds/,
    );
    await startExpirySweep({ store, intervalInMs: 2 ** 31 - 1 }).stop();
    await startExpirySweep({ store, intervalInMs: 1 }).stop();
  });
});

describe('startExpirySweep timer', () => {
  it('does not keep the process alive', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const sweep = startExpirySweep({ store: createMemorySessionStore() });
    try {
      const timeout = setTimeoutSpy.mock.results.at(-1)?.value as NodeJS.Timeout;
      expect(timeout.hasRef()).toBe(false);
    } finally {
      setTimeoutSpy.mockRestore();
      await sweep.stop();
    }
  });
});
