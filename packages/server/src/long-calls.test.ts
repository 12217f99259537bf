import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOver, transportKinds } from './test-helpers/connect-over.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describe('long calls on every transport', () => {
  // One test, the three transports in parallel: the upstream is silent for 20 s before its
  // headers, then streams. The interval is set to 4 s so that scheduling jitter on a busy machine
  // cannot push a gap past the 5 s a client may rely on.
  it('sends progress at most 5 s apart from the start, over stdio, session HTTP and stateless HTTP', async () => {
    upstream.enqueue({
      delayBeforeHeadersMs: 20_000,
      chunkDelayMs: 300,
      reply: { text: 'The answer, at last.', chunks: 5 },
      times: 3,
    });
    const results = await Promise.all(
      transportKinds.map(async (kind) => {
        const exai = await connectOver(kind, upstream, { progressIntervalInMs: 4_000 });
        try {
          const startedAt = Date.now();
          const times: number[] = [];
          const messages: string[] = [];
          const result = await exai.client.callTool(
            { name: 'chat', arguments: { prompt: 'Think hard.' } },
            undefined,
            {
              onprogress: (progress) => {
                times.push(Date.now() - startedAt);
                messages.push(progress.message ?? '');
              },
              resetTimeoutOnProgress: true,
            },
          );
          const endedAt = Date.now() - startedAt;
          return { kind, result, times, messages, endedAt };
        } finally {
          await exai.close();
        }
      }),
    );
    for (const { kind, result, times, messages, endedAt } of results) {
      expect(result.isError, kind).toBeFalsy();
      expect(endedAt, kind).toBeGreaterThanOrEqual(20_000);
      const gaps = [...times, endedAt].map((time, index) => time - (index === 0 ? 0 : times[index - 1]!));
      expect(
        Math.max(...gaps),
        `${kind}: progress at ${times.join(', ')} ms, done at ${endedAt} ms`,
      ).toBeLessThanOrEqual(5_000);
      expect(messages[0], kind).toMatch(/waiting for the first token/);
    }
  }, 60_000);

  it.each(transportKinds)(
    'a cancel over %s closes the upstream socket within 1 s, stores no turn and records usage as cancelled',
    async (kind) => {
      upstream.reset();
      upstream.enqueue({ reply: { text: 'word '.repeat(300), chunks: 300 }, chunkDelayMs: 100 });
      const exai = await connectOver(kind, upstream);
      try {
        const controller = new AbortController();
        let cancelledAt = 0;
        const call = exai.client.callTool(
          { name: 'chat', arguments: { prompt: 'Write a lot.' } },
          undefined,
          {
            signal: controller.signal,
            onprogress: (progress) => {
              if (cancelledAt !== 0 || !progress.message?.includes('writing')) return;
              cancelledAt = Date.now();
              controller.abort();
            },
          },
        );
        await expect(call).rejects.toThrow();
        const aborted = await upstream.waitForClientAbort({ timeoutInMs: 5_000 });
        expect(aborted.path).toMatch(/chat\/completions$/);
        expect(Date.now() - cancelledAt).toBeLessThan(1_000);
        await expect
          .poll(async () => (await exai.store.listUsage('default')).items)
          .toEqual([expect.objectContaining({ status: 'error', errorCode: 'cancelled', outputTokens: 0 })]);
        expect((await exai.store.listThreads('default')).items).toEqual([]);
      } finally {
        await exai.close();
      }
    },
  );
});
