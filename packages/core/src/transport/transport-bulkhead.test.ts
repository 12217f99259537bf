import { describe, expect, it } from 'vitest';
import { AbortedError, OverCapacityError } from '../errors/index.js';
import type { HttpTransport, TransportQueueEvent } from './transport.js';
import {
  chatRequest,
  recordEvents,
  sleep,
  startCountingServer,
  useTransportFixture,
} from './transport-test-helpers.js';

describe('transport bulkhead', () => {
  const fixture = useTransportFixture();
  const { create } = fixture;

  const bulkheadOf = (current: HttpTransport) => current.status().bulkheads[0];

  it('never has more than maxConcurrent requests in flight at the server', async () => {
    const server = await startCountingServer({ delayInMs: 30 });
    try {
      const current = create({ bulkhead: { maxConcurrent: 2, maxQueue: 10 } });
      const calls = Array.from({ length: 7 }, () =>
        current.request({ url: server.url, target: { provider: 'p' } }),
      );
      await sleep(5);
      expect(bulkheadOf(current)).toMatchObject({ provider: 'p', inFlight: 2, queued: 5, maxConcurrent: 2 });
      const responses = await Promise.all(calls);
      expect(responses.map((response) => response.text())).toEqual(Array(7).fill('ok'));
      expect(server.maxInFlight).toBe(2);
      expect(bulkheadOf(current)).toMatchObject({ inFlight: 0, queued: 0 });
    } finally {
      await server.close();
    }
  });

  it('tells a queued call when it waits for a slot and when it gets one', async () => {
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 100 });
    const current = create({ bulkheadByProvider: { fake: { maxConcurrent: 1, maxQueue: 5 } } });
    const firstEvents: TransportQueueEvent[] = [];
    const secondEvents: TransportQueueEvent[] = [];
    const first = current.request({
      ...chatRequest(fixture.upstream.url),
      onQueue: (event) => firstEvents.push(event),
    });
    const second = current.request({
      ...chatRequest(fixture.upstream.url),
      onQueue: (event) => secondEvents.push(event),
    });
    expect(secondEvents).toEqual([{ type: 'queued', provider: 'fake', position: 1, maxConcurrent: 1 }]);
    await Promise.all([first, second]);
    expect(firstEvents).toEqual([]);
    expect(secondEvents).toMatchObject([{ type: 'queued' }, { type: 'dequeued', provider: 'fake' }]);
  });

  it('serves the queue first in, first out', async () => {
    const server = await startCountingServer({ delayInMs: 10 });
    try {
      const current = create({ bulkhead: { maxConcurrent: 1, maxQueue: 10 } });
      const ids = ['a', 'b', 'c', 'd'];
      await Promise.all(
        ids.map((id) =>
          current.request({ url: server.url, headers: { 'x-test-id': id }, target: { provider: 'p' } }),
        ),
      );
      expect(server.order).toEqual(ids);
    } finally {
      await server.close();
    }
  });

  it('rejects with OverCapacityError beyond the queue', async () => {
    const { events, onEvent } = recordEvents();
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 100, times: 2 });
    const current = create({ onEvent, bulkheadByProvider: { fake: { maxConcurrent: 1, maxQueue: 1 } } });
    const first = current.request(chatRequest(fixture.upstream.url));
    const second = current.request(chatRequest(fixture.upstream.url));
    const error = await current.request(chatRequest(fixture.upstream.url)).catch((caught: unknown) => caught);
    expect(OverCapacityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'fake', code: 'over_capacity', isRetryable: false });
    expect((error as OverCapacityError).retryAfterInMs).toBeGreaterThan(0);
    expect(events.filter((event) => event.type === 'over-capacity')).toHaveLength(1);
    await Promise.all([first, second]);
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('lets a queued request leave the queue when its caller aborts', async () => {
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 100 });
    const current = create({ bulkhead: { maxConcurrent: 1, maxQueue: 5 } });
    const first = current.request(chatRequest(fixture.upstream.url));
    const controller = new AbortController();
    const queued = current
      .request(chatRequest(fixture.upstream.url, { abortSignal: controller.signal }))
      .catch((caught: unknown) => caught);
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 1, queued: 1 });
    controller.abort();
    expect(AbortedError.isInstance(await queued)).toBe(true);
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 1, queued: 0 });
    await first;
    expect(fixture.upstream.requests).toHaveLength(1);
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('holds the slot across retries', async () => {
    fixture.upstream.enqueue({ status: 503, match: { path: /^\/a\// } });
    const current = create({ bulkhead: { maxConcurrent: 1, maxQueue: 5 } });
    const first = current.request(chatRequest(`${fixture.upstream.url}/a`));
    const second = current.request(chatRequest(`${fixture.upstream.url}/b`));
    await Promise.all([first, second]);
    expect(fixture.upstream.requests.map((request) => request.path)).toEqual([
      '/a/v1/chat/completions',
      '/a/v1/chat/completions',
      '/b/v1/chat/completions',
    ]);
  });

  it('never leaks a slot: stream completed, broken out of, aborted, failed; request failed', async () => {
    const current = create({ bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const streamRequest = (abortSignal?: AbortSignal) =>
      current.stream(chatRequest(fixture.upstream.url, { stream: true, abortSignal }));

    const completed = await streamRequest();
    for await (const _chunk of completed.body) {
      // read to the end
    }
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0 });

    fixture.upstream.enqueue({ chunkDelayMs: 10, reply: { chunks: 10 } });
    const brokenOff = await streamRequest();
    for await (const _chunk of brokenOff.body) break;
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0 });

    fixture.upstream.enqueue({ chunkDelayMs: 10, reply: { chunks: 10 } });
    const controller = new AbortController();
    const aborted = await streamRequest(controller.signal);
    controller.abort();
    await expect(aborted.body[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'AbortedError' });
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0 });

    fixture.upstream.enqueue({ fault: 'reset-mid-body' });
    const failed = await streamRequest();
    await expect(
      (async () => {
        for await (const _chunk of failed.body) {
          // read until it fails
        }
      })(),
    ).rejects.toMatchObject({ name: 'NetworkError' });
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0 });

    fixture.upstream.enqueue({ status: 400 });
    await expect(current.request(chatRequest(fixture.upstream.url))).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(bulkheadOf(current)).toMatchObject({ inFlight: 0, queued: 0 });

    // With maxQueue 0, any leaked slot would make this an OverCapacityError.
    expect(await current.request(chatRequest(fixture.upstream.url))).toMatchObject({ status: 200 });
  });
});
