import { setTimeout as delay } from 'node:timers/promises';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '@exai/core';
import type { SessionStoreV1 } from '@exai/core';
import { connectToolHarness } from '../tools/tool-test-helpers.js';
import { lockedThreadCount, withThreadLock } from './thread-lock.js';

describe('withThreadLock', () => {
  it('runs calls for one thread one after another, other threads at once, and forgets idle threads', async () => {
    const events: string[] = [];
    const hold = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await delay(ms);
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      withThreadLock('t', 'a', hold('a1', 20)),
      withThreadLock('t', 'a', hold('a2', 1)),
      withThreadLock('t', 'b', hold('b1', 1)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a2 start')).toBeGreaterThan(events.indexOf('a1 end'));
    expect(events.indexOf('b1 end')).toBeLessThan(events.indexOf('a1 end'));
    expect(lockedThreadCount()).toBe(0);
  });

  it('releases the lock when the holder fails', async () => {
    const failing = withThreadLock('t', 'a', async () => {
      throw new Error('boom');
    });
    const next = withThreadLock('t', 'a', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    expect(lockedThreadCount()).toBe(0);
  });
});

describe('parallel model calls on one thread', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await createFakeUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
  });

  /** A memory store whose appends take a while, as a database's do. */
  function slowStore(): SessionStoreV1 {
    const store = createMemorySessionStore();
    return {
      ...store,
      async appendTurn(input) {
        await delay(15);
        return store.appendTurn(input);
      },
    };
  }

  it('store each call’s question and answer next to each other, and re-check the turn limit', async () => {
    const harness = await connectToolHarness(upstream, {
      providers: ['kimi'],
      runtime: { store: slowStore(), limits: { maxTurns: 6 } },
    });
    upstream.handle(() => ({ reply: { text: 'answer' } }));
    const first = await harness.call('chat', { prompt: 'q0' });
    const threadId = String(first.structured.continuation_id);

    const [one, two] = await Promise.all([
      harness.call('chat', { prompt: 'q1', continuation_id: threadId }),
      harness.call('chat', { prompt: 'q2', continuation_id: threadId }),
    ]);
    expect([one.isError, two.isError]).toEqual([false, false]);
    const turns = await harness.store.listTurns('default', threadId);
    expect(turns.map((turn) => turn.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(turns[2]?.content === 'q1' ? turns[4]?.content : turns[2]?.content).toBe('q2');

    // Both pass the check before the call; inside the lock only one still fits.
    await harness.close();
    const limited = await connectToolHarness(upstream, {
      providers: ['kimi'],
      runtime: { store: slowStore(), limits: { maxTurns: 4 } },
    });
    const start = await limited.call('chat', { prompt: 'q0' });
    const id = String(start.structured.continuation_id);
    const results = await Promise.all([
      limited.call('chat', { prompt: 'q1', continuation_id: id }),
      limited.call('chat', { prompt: 'q2', continuation_id: id }),
    ]);
    expect(results.map((result) => result.isError).sort()).toEqual([false, true]);
    expect(results.find((result) => result.isError)?.text).toMatch(/reached its limit of 4 messages/);
    expect(await limited.store.listTurns('default', id)).toHaveLength(4);
    await limited.close();
  });
});
