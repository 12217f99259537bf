import { beforeEach, describe, expect, it } from 'vitest';
import { ExaiError } from '../errors/index.js';
import type { HttpTransport } from './transport.js';
import { chatRequest, sleep, useTransportFixture } from './transport-test-helpers.js';

/** Resolves with how long `promise` took, or rejects when it takes longer than `limitInMs`. */
async function within<T>(promise: Promise<T>, limitInMs: number): Promise<number> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${limitInMs} ms`)), limitInMs);
  });
  try {
    await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - startedAt;
}

const isTransportClosed = (error: unknown): boolean =>
  ExaiError.isInstance(error) && error.code === 'transport_closed';

describe('transport close()', () => {
  const fixture = useTransportFixture({
    bulkhead: { maxConcurrent: 2, maxQueue: 4 },
    timeouts: { totalInMs: 60_000 },
  });
  let transport: HttpTransport;

  beforeEach(() => {
    transport = fixture.create();
  });

  it('ends the calls in flight with transport_closed instead of waiting for their total timeout', async () => {
    // One stream nobody reads, one request waiting for its headers, one call queued for a slot.
    fixture.upstream.enqueue(
      { chunkDelayMs: 10_000, reply: { text: 'a b c', chunks: 3 } },
      { delayBeforeHeadersMs: 10_000 },
    );
    const stream = await transport.stream(chatRequest(fixture.upstream.url, { stream: true }));
    const waiting = transport.request(chatRequest(fixture.upstream.url)).catch((caught: unknown) => caught);
    const queued = transport.request(chatRequest(fixture.upstream.url)).catch((caught: unknown) => caught);
    await fixture.upstream.waitForRequests(2);
    await sleep(20);
    expect(transport.status().bulkheads[0]).toMatchObject({ inFlight: 2, queued: 1 });
    const clientAborts = [fixture.upstream.waitForClientAbort(), fixture.upstream.waitForClientAbort()];

    await within(transport.close(), 2_000);

    expect(isTransportClosed(await waiting)).toBe(true);
    expect(isTransportClosed(await queued)).toBe(true);
    const streamError = await stream.body[Symbol.asyncIterator]()
      .next()
      .catch((caught: unknown) => caught);
    expect(isTransportClosed(streamError)).toBe(true);
    expect((streamError as Error).message).toMatch(/The transport was closed/);
    await within(Promise.all(clientAborts), 2_000);
    expect(transport.status().bulkheads[0]).toMatchObject({ inFlight: 0, queued: 0 });
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('is idempotent, and refuses calls made after it', async () => {
    const first = transport.close();
    expect(transport.close()).toBe(first);
    await first;
    const error = await transport
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(isTransportClosed(error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(0);
  });
});
