import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport, createProviderRegistry } from '@exai/core';
import { createKimi } from '@exai/providers';
import { connectToolHarness } from '../tools/tool-test-helpers.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describe('progress of a model-backed tool', () => {
  it('is reported from the start, also while the upstream holds its headers', async () => {
    const interval = 150;
    const harness = await connectToolHarness(upstream, {
      providers: ['kimi'],
      runtime: { limits: { progressIntervalInMs: interval } },
    });
    // Silent for ten intervals before the headers, then a streamed answer.
    upstream.enqueue({ reply: { text: 'Late but here.' }, delayBeforeHeadersMs: interval * 10 });
    const startedAt = performance.now();
    const received: Array<{ at: number; progress: Progress }> = [];
    const result = await harness.call('chat', { prompt: 'think hard', model: 'kimi-k2' }, (progress) =>
      received.push({ at: performance.now() - startedAt, progress }),
    );
    const endedAt = performance.now() - startedAt;
    await harness.close();
    expect(result.isError).toBe(false);
    expect(result.text).toContain('Late but here.');

    const waiting = received.filter((entry) =>
      entry.progress.message?.includes('waiting for the first token'),
    );
    // One at the start and one per interval while nothing came: at least half of the ten expected,
    // however slow this machine is.
    expect(waiting.length).toBeGreaterThanOrEqual(5);
    // Ordered, growing values; no silence longer than a few intervals from start to end.
    const times = [0, ...received.map((entry) => entry.at), endedAt];
    const longestGap = Math.max(...times.slice(1).map((time, index) => time - (times[index] ?? 0)));
    expect(longestGap).toBeLessThan(interval * 6);
    const values = received.map((entry) => entry.progress.progress);
    for (let index = 1; index < values.length; index += 1) {
      expect(values[index]).toBeGreaterThan(values[index - 1] ?? 0);
    }
  });

  it('says queued while the call waits for a slot of a busy provider', async () => {
    const transport = createHttpTransport({
      bulkheadByProvider: { kimi: { maxConcurrent: 1, maxQueue: 5 } },
    });
    const kimi = createKimi({ apiKey: 'test-key-kimi', baseURL: `${upstream.url}/v1`, transport });
    const harness = await connectToolHarness(upstream, {
      runtime: { registry: createProviderRegistry({ providers: [kimi] }) },
    });
    try {
      upstream.enqueue({ reply: { text: 'First.' }, delayBeforeHeadersMs: 300 });
      const first = harness.call('chat', { prompt: 'one', model: 'kimi-k2' }, () => {});
      await upstream.waitForRequests(1);
      const messages: string[] = [];
      const second = await harness.call('chat', { prompt: 'two', model: 'kimi-k2' }, (progress) =>
        messages.push(progress.message ?? ''),
      );
      expect(second.isError).toBe(false);
      expect((await first).isError).toBe(false);
      const queued = messages.findIndex((message) => message.includes('queued for a kimi slot'));
      expect(queued).toBeGreaterThanOrEqual(0);
      expect(messages[queued]).toContain('position 1, 1 in flight');
      // Once it has its slot, it waits for (and then gets) the model's answer like any call.
      expect(messages.slice(queued + 1).some((message) => !message.includes('queued'))).toBe(true);
    } finally {
      await harness.close();
      await transport.close();
    }
  });
});
