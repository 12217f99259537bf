import { AbortedError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { createInFlightCalls } from './in-flight-calls.js';

describe('createInFlightCalls', () => {
  it('forwards the client’s cancel, aborts every call on abortAll, and reports idleness', async () => {
    const calls = createInFlightCalls();
    const client = new AbortController();
    const first = calls.start(client.signal);
    const second = calls.start(new AbortController().signal);
    expect(calls.count()).toBe(2);
    client.abort('client gave up');
    expect(first.signal.aborted).toBe(true);
    expect(second.signal.aborted).toBe(false);
    expect(await calls.whenIdle(10)).toBe(false);
    calls.abortAll('shutting down');
    expect((second.signal.reason as Error).message).toBe('shutting down');
    expect(AbortedError.isInstance(second.signal.reason)).toBe(true);
    const idle = calls.whenIdle(10_000);
    first.done();
    second.done();
    second.done();
    expect(await idle).toBe(true);
    expect(calls.count()).toBe(0);
  });
});
