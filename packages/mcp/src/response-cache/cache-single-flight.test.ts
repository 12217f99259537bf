import { AbortedError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import type { ResponseCache } from './response-cache.js';
import { singleFlight, type FlightEntry } from './cache-single-flight.js';

/** Only its identity matters to the flights. */
const aCache = () => ({}) as ResponseCache;

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const entry = (text: string): FlightEntry => ({ result: { text }, storedAt: 1 });

describe('singleFlight', () => {
  it('runs one call for concurrent callers of a key; the others get its stored entry', async () => {
    const cache = aCache();
    const gate = deferred<void>();
    let calls = 0;
    const run = (signal = new AbortController().signal) =>
      singleFlight(cache, 'k', signal, {
        async call() {
          calls += 1;
          await gate.promise;
          return { value: 'led', stored: entry('stored') };
        },
        joined: (stored) => `joined ${stored.result.text}`,
      });
    const answers = Promise.all([run(), run(), run()]);
    gate.resolve();
    expect(await answers).toEqual(['led', 'joined stored', 'joined stored']);
    expect(calls).toBe(1);
    // Over: the next caller leads again.
    expect(await run()).toBe('led');
    expect(calls).toBe(2);
  });

  it('lets the waiting callers run on their own when the leader stores nothing or fails', async () => {
    const cache = aCache();
    const first = deferred<void>();
    const outcomes: string[] = [];
    let calls = 0;
    const run = () =>
      singleFlight(cache, 'k', new AbortController().signal, {
        async call() {
          calls += 1;
          if (calls === 1) {
            await first.promise;
            throw new Error('upstream down');
          }
          return { value: `led ${calls}`, stored: entry(`from ${calls}`) };
        },
        joined: (stored) => `joined ${stored.result.text}`,
      }).then(
        (value) => outcomes.push(value),
        (error: unknown) => outcomes.push(`failed: ${(error as Error).message}`),
      );
    const all = Promise.all([run(), run(), run()]);
    first.resolve();
    await all;
    // The leader's failure is its own; of the two that waited, one led and the other joined it.
    expect(outcomes.sort()).toEqual(['failed: upstream down', 'joined from 2', 'led 2']);
    expect(calls).toBe(2);
  });

  it('stops a waiting caller at once when its own client cancels; the leader goes on', async () => {
    const cache = aCache();
    const gate = deferred<void>();
    const leader = singleFlight(cache, 'k', new AbortController().signal, {
      async call() {
        await gate.promise;
        return { value: 'led', stored: entry('stored') };
      },
      joined: () => 'joined',
    });
    const cancel = new AbortController();
    const waiting = singleFlight(cache, 'k', cancel.signal, {
      call: () => Promise.reject(new Error('a waiting caller does not run')),
      joined: () => 'joined',
    });
    cancel.abort('the client went away');
    const error = await waiting.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    gate.resolve();
    expect(await leader).toBe('led');
  });

  it('keeps keys and caches apart', async () => {
    const cache = aCache();
    const gate = deferred<void>();
    let calls = 0;
    const run = (on: ResponseCache, key: string) =>
      singleFlight(on, key, new AbortController().signal, {
        async call() {
          calls += 1;
          await gate.promise;
          return { value: 'led', stored: entry(key) };
        },
        joined: () => 'joined',
      });
    const answers = Promise.all([run(cache, 'a'), run(cache, 'b'), run(aCache(), 'a')]);
    gate.resolve();
    expect(await answers).toEqual(['led', 'led', 'led']);
    expect(calls).toBe(3);
  });
});
