import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { describe, it } from 'vitest';
import { TimeoutError } from '../errors/index.js';
import type { HttpTransport, HttpTransportSettings } from './transport.js';
import { chatRequest, createTestTransport, readText } from './transport-test-helpers.js';

/** Runs a test against its own fake upstream and transport, so the slow tests can run concurrently. */
async function withUpstream(
  settings: HttpTransportSettings,
  test: (upstream: FakeUpstream, transport: HttpTransport) => Promise<void>,
): Promise<void> {
  const upstream = await createFakeUpstream();
  const transport = createTestTransport(settings);
  try {
    await test(upstream, transport);
  } finally {
    await transport.close();
    await upstream.close();
  }
}

// undici checks its headers and body timeouts on a timer that ticks about every 500 ms, so these
// tests take about a second each whatever the timeout; they run concurrently.
describe.concurrent('transport timeouts', () => {
  it('throws TimeoutError phase first-byte when the headers are late', ({ expect }) =>
    withUpstream({ timeouts: { firstByteInMs: 50 } }, async (upstream, transport) => {
      upstream.enqueue({ delayBeforeHeadersMs: 3_000 });
      const error = await transport
        .request(chatRequest(upstream.url, { retry: false }))
        .catch((caught: unknown) => caught);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        phase: 'first-byte',
        timeoutInMs: 50,
        isRetryable: true,
        code: 'timeout',
      });
      expect((error as Error).message).toMatch(
        /^The first-byte timeout of 50 ms ran out while waiting for the response headers of a non-streamed request \(http/,
      );
    }));

  it('names a streamed request in a first-byte timeout', ({ expect }) =>
    withUpstream({ timeouts: { firstByteInMs: 50 } }, async (upstream, transport) => {
      upstream.enqueue({ delayBeforeHeadersMs: 3_000 });
      const error = await transport
        .stream(chatRequest(upstream.url, { retry: false, stream: true }))
        .catch((caught: unknown) => caught);
      expect((error as Error).message).toContain('response headers of a streamed request');
    }));

  it('retries a first-byte timeout', ({ expect }) =>
    withUpstream({ timeouts: { firstByteInMs: 50 } }, async (upstream, transport) => {
      upstream.enqueue({ delayBeforeHeadersMs: 3_000 });
      const response = await transport.request(chatRequest(upstream.url));
      expect(response.status).toBe(200);
      expect(upstream.requests).toHaveLength(2);
    }));

  it('applies per-call timeout overrides', ({ expect }) =>
    withUpstream({}, async (upstream, transport) => {
      upstream.enqueue({ delayBeforeHeadersMs: 3_000 });
      const error = await transport
        .request(chatRequest(upstream.url, { retry: false, timeouts: { firstByteInMs: 50 } }))
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'TimeoutError', phase: 'first-byte', timeoutInMs: 50 });
    }));

  it('throws TimeoutError phase idle from the stream when chunks stop coming, without retrying', ({
    expect,
  }) =>
    withUpstream({ timeouts: { idleInMs: 50 } }, async (upstream, transport) => {
      upstream.enqueue({ chunkDelayMs: 3_000, reply: { chunks: 4 } });
      const response = await transport.stream(chatRequest(upstream.url, { stream: true }));
      const error = await readText(response.body).catch((caught: unknown) => caught);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ phase: 'idle', timeoutInMs: 50, isRetryable: false });
      expect((error as Error).message).toContain('next chunk of the response body of a streamed request');
      expect((error as Error).message).toContain('Not retried');
      expect(upstream.requests).toHaveLength(1);
      expect(transport.status().bulkheads[0]).toMatchObject({ inFlight: 0 });
    }));

  it('throws TimeoutError phase total when the whole call takes too long, and does not retry it', ({
    expect,
  }) =>
    withUpstream({ timeouts: { totalInMs: 80 } }, async (upstream, transport) => {
      upstream.enqueue({ delayBeforeHeadersMs: 3_000, times: 3 });
      const error = await transport.request(chatRequest(upstream.url)).catch((caught: unknown) => caught);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ phase: 'total', timeoutInMs: 80, isRetryable: false });
      expect(upstream.requests).toHaveLength(1);
    }));

  it('applies the total deadline while a stream is being read, and frees the slot', ({ expect }) =>
    withUpstream({ timeouts: { totalInMs: 200 } }, async (upstream, transport) => {
      upstream.enqueue({ chunkDelayMs: 40, reply: { chunks: 50 } });
      const response = await transport.stream(chatRequest(upstream.url, { stream: true }));
      const error = await readText(response.body).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total' });
      expect(transport.status().bulkheads[0]).toMatchObject({ inFlight: 0, queued: 0 });
      await upstream.waitForClientAbort();
    }));
});
