import { AbortedError } from '@exai/core';
import type { ToolResult } from '../tools/define-tool.js';
import type { ResponseCache } from './response-cache.js';

/** An entry as the cache keeps it. */
export interface FlightEntry {
  result: ToolResult;
  storedAt: number;
}

/** A call running for a cache key: resolves with the entry it stored, or `undefined`. */
type Flight = Promise<FlightEntry | undefined>;

const flightsOfCache = new WeakMap<ResponseCache, Map<string, Flight>>();

function flightsOf(cache: ResponseCache): Map<string, Flight> {
  let flights = flightsOfCache.get(cache);
  if (flights === undefined) {
    flights = new Map();
    flightsOfCache.set(cache, flights);
  }
  return flights;
}

function waitFor(flight: Flight, signal: AbortSignal): Promise<FlightEntry | undefined> {
  if (signal.aborted) return Promise.reject(new AbortedError({ cause: signal.reason }));
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(new AbortedError({ cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([flight, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/**
 * Single flight per cache key, in this process. The first call of a key runs `call` (the leader);
 * an identical call that arrives meanwhile (same tenant, tool, input, models, files…) waits for it
 * instead, and is answered with the entry the leader stored (`joined`). If the leader stores
 * nothing — it failed, was cancelled, or its result is not kept — the waiting calls run on their
 * own, one leading again. A waiting call whose own client cancels stops waiting at once
 * (`AbortedError`).
 */
export async function singleFlight<T>(
  cache: ResponseCache,
  key: string,
  signal: AbortSignal,
  {
    call,
    joined,
  }: {
    /** The leader's work: its answer, and the entry it stored (if any) for those waiting. */
    call: () => Promise<{ value: T; stored: FlightEntry | undefined }>;
    /** The answer of a call that waited, from the leader's entry. */
    joined: (entry: FlightEntry) => T;
  },
): Promise<T> {
  const flights = flightsOf(cache);
  for (let running = flights.get(key); running !== undefined; running = flights.get(key)) {
    const entry = await waitFor(running, signal);
    if (entry !== undefined) return joined(entry);
  }
  // No await between the check above and this: two calls never both lead.
  let settle: (entry: FlightEntry | undefined) => void = () => {};
  const flight: Flight = new Promise((resolve) => (settle = resolve));
  flights.set(key, flight);
  let stored: FlightEntry | undefined;
  try {
    const outcome = await call();
    stored = outcome.stored;
    return outcome.value;
  } finally {
    if (flights.get(key) === flight) flights.delete(key);
    settle(stored);
  }
}
