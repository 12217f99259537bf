import { describe, expect, it } from 'vitest';
import { AbortedError, ApiCallError, NetworkError } from '../errors/index.js';
import type { HttpTransport } from './transport.js';
import { chatRequest, readText, recordEvents, sleep, useTransportFixture } from './transport-test-helpers.js';

describe('transport streaming', () => {
  const fixture = useTransportFixture();
  const { create } = fixture;

  const inFlight = (current: HttpTransport): number | undefined => current.status().bulkheads[0]?.inFlight;

  it('delivers the body as it arrives and frees the slot at the end', async () => {
    const { events, onEvent } = recordEvents();
    fixture.upstream.enqueue({ chunkDelayMs: 5, reply: { text: 'one two three', chunks: 3 } });
    const current = create({ onEvent });
    const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    expect(inFlight(current)).toBe(1);
    const text = await readText(response.body);
    expect(text).toContain('[DONE]');
    expect(inFlight(current)).toBe(0);
    expect(events.filter((event) => event.type === 'request-end')).toMatchObject([{ status: 200 }]);
  });

  it('retries a stream until it has a 2xx response', async () => {
    fixture.upstream.enqueue({ status: 503 }, { status: 429, retryAfterMs: 0 });
    const response = await create().stream(chatRequest(fixture.upstream.url, { stream: true }));
    expect(await readText(response.body)).toContain('[DONE]');
    expect(fixture.upstream.requests).toHaveLength(3);
  });

  it('throws ApiCallError for a non-2xx stream', async () => {
    fixture.upstream.enqueue({ status: 404 });
    const error = await create()
      .stream(chatRequest(fixture.upstream.url, { stream: true }))
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('does not retry a failure after the first byte: the iterator throws a typed error', async () => {
    fixture.upstream.enqueue({ fault: 'reset-mid-body', reply: { chunks: 6 } });
    const current = create();
    const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString());
    })().catch((caught: unknown) => caught);
    expect(chunks.length).toBeGreaterThan(0);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false });
    expect(fixture.upstream.requests).toHaveLength(1);
    expect(inFlight(current)).toBe(0);
  });

  it('closes the connection and frees the slot when the caller breaks out early', async () => {
    fixture.upstream.enqueue({ chunkDelayMs: 20, reply: { chunks: 20 } });
    const current = create();
    const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    for await (const chunk of response.body) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    expect(inFlight(current)).toBe(0);
    await fixture.upstream.waitForClientAbort();
  });

  it('aborting mid-stream closes the upstream connection, frees the slot and throws AbortedError', async () => {
    fixture.upstream.enqueue({ chunkDelayMs: 20, reply: { chunks: 20 } });
    const controller = new AbortController();
    const current = create();
    const response = await current.stream(
      chatRequest(fixture.upstream.url, { stream: true, abortSignal: controller.signal }),
    );
    const iterator = response.body[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const clientAbort = fixture.upstream.waitForClientAbort();
    controller.abort();
    expect(inFlight(current)).toBe(0);
    const error = await iterator.next().catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    const aborted = await clientAbort;
    expect(aborted.clientAborted).toBe(true);
  });

  it('frees the slot when a stream nobody reads is aborted', async () => {
    fixture.upstream.enqueue({ chunkDelayMs: 20, reply: { chunks: 20 } });
    const controller = new AbortController();
    const current = create();
    await current.stream(chatRequest(fixture.upstream.url, { stream: true, abortSignal: controller.signal }));
    await sleep(10);
    controller.abort();
    expect(inFlight(current)).toBe(0);
    await fixture.upstream.waitForClientAbort();
  });

  it('throws AbortedError without sending when the signal is already aborted', async () => {
    const error = await create()
      .stream(chatRequest(fixture.upstream.url, { stream: true, abortSignal: AbortSignal.abort() }))
      .catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(0);
  });

  it('aborting while waiting for the headers throws AbortedError and is not retried', async () => {
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 2_000 });
    const controller = new AbortController();
    const current = create();
    const pending = current
      .stream(chatRequest(fixture.upstream.url, { stream: true, abortSignal: controller.signal }))
      .catch((caught: unknown) => caught);
    await fixture.upstream.waitForRequests(1);
    controller.abort();
    expect(AbortedError.isInstance(await pending)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(1);
    expect(inFlight(current)).toBe(0);
    await fixture.upstream.waitForClientAbort();
  });
});
