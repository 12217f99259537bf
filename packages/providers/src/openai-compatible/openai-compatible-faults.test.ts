import {
  AbortedError,
  ApiCallError,
  CircuitOpenError,
  NetworkError,
  TimeoutError,
  type LanguageModelV1StreamPart,
} from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createOpenAICompatible } from './openai-compatible-provider.js';

const prompt = [{ role: 'user' as const, content: 'Hi' }];

describe('faults through the real transport', () => {
  const fixture = useFakeUpstream();
  const model = () =>
    createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
    })('acme-1');

  it('retries a 503 and answers', async () => {
    fixture.upstream.enqueue({ status: 503 });
    const result = await model().doGenerate({ prompt });
    expect(result.text).toBe('Hello from the fake upstream.');
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('retries a connection reset before the headers, in both modes', async () => {
    fixture.upstream.enqueue({ fault: 'reset' }, { fault: 'reset' });
    expect((await model().doGenerate({ prompt })).finishReason).toBe('stop');
    const parts = await collectStream((await model().doStream({ prompt })).stream);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fixture.upstream.requests).toHaveLength(4);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    fixture.upstream.enqueue({ status: 429, retryAfter: 1 });
    const result = await model().doGenerate({ prompt });
    expect(result.finishReason).toBe('stop');
    const [first, second] = fixture.upstream.requests;
    // The transport's own backoff is at most 5 ms here, so the gap comes from the header.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('does not retry a 400, which arrives as an ApiCallError', async () => {
    fixture.upstream.enqueue({ status: 400 });
    const error = await model()
      .doGenerate({ prompt })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, code: 'bad_request' });
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('rejects doStream before the first byte with the ApiCallError', async () => {
    fixture.upstream.enqueue({ status: 401 });
    await expect(model().doStream({ prompt })).rejects.toSatisfy(ApiCallError.isInstance);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('ends the stream with the typed transport error when the connection drops mid-body', async () => {
    fixture.upstream.enqueue({ fault: 'reset-mid-body', reply: { text: 'partial', chunks: 4 } });
    const parts = await collectStream((await model().doStream({ prompt })).stream);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(NetworkError.isInstance((last as { error: unknown }).error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(1); // after the first byte: never retried
  });

  it('closes the connection when the call is aborted mid-stream, and ends with AbortedError', async () => {
    fixture.upstream.enqueue({
      chunkDelayMs: 200,
      reply: { text: 'one two three four five six', chunks: 6 },
    });
    const controller = new AbortController();
    const { stream } = await model().doStream({ prompt, abortSignal: controller.signal });
    const clientAbort = fixture.upstream.waitForClientAbort({ timeoutInMs: 5_000 });

    const parts: LanguageModelV1StreamPart[] = [];
    for await (const part of stream) {
      parts.push(part);
      if (part.type === 'text-delta') controller.abort();
    }

    await expect(clientAbort).resolves.toMatchObject({ clientAborted: true });
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(AbortedError.isInstance((last as { error: unknown }).error)).toBe(true);
  });

  it('closes the connection when the consumer stops iterating early', async () => {
    fixture.upstream.enqueue({
      chunkDelayMs: 200,
      reply: { text: 'one two three four five six', chunks: 6 },
    });
    const { stream } = await model().doStream({ prompt });
    const clientAbort = fixture.upstream.waitForClientAbort({ timeoutInMs: 5_000 });

    for await (const part of stream) {
      if (part.type === 'text-delta') break;
    }
    await expect(clientAbort).resolves.toMatchObject({ clientAborted: true });
  });

  it('closes the connection when the stream is abandoned before it is read', async () => {
    fixture.upstream.enqueue({ chunkDelayMs: 200, reply: { text: 'one two three', chunks: 3 } });
    const { stream } = await model().doStream({ prompt });
    const clientAbort = fixture.upstream.waitForClientAbort({ timeoutInMs: 5_000 });
    await stream[Symbol.asyncIterator]().return?.();
    await expect(clientAbort).resolves.toMatchObject({ clientAborted: true });
  });
});

describe('first-byte timeouts through the real transport', () => {
  // undici checks header timeouts on a timer of about 1 s resolution, so one attempt, no retries.
  const fixture = useFakeUpstream({
    transport: { timeouts: { firstByteInMs: 100 }, retry: { maxRetries: 0 } },
  });

  it('fails both modes with a TimeoutError when the headers come too late', async () => {
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 5_000, times: 2 });
    const model = createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
    })('acme-1');
    const [generateError, streamError] = await Promise.all([
      model.doGenerate({ prompt }).catch((caught: unknown) => caught),
      model.doStream({ prompt }).catch((caught: unknown) => caught),
    ]);
    for (const error of [generateError, streamError]) {
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as TimeoutError).phase).toBe('first-byte');
    }
  });
});

describe('stream failures after the first byte count for the circuit breaker', () => {
  const fixture = useFakeUpstream({
    transport: { breaker: { volumeThreshold: 3, errorThresholdPercentage: 50 }, retry: { maxRetries: 0 } },
  });
  const target = { provider: 'acme', model: 'acme-1' };
  const model = () =>
    createOpenAICompatible({
      name: 'acme',
      baseURL: fixture.baseURL,
      apiKey: 'sk-test',
      transport: fixture.transport,
    })('acme-1');

  it.each([
    ['an error event', { fault: 'error-mid-stream' as const }],
    ['a truncated stream', { fault: 'truncate-stream' as const }],
    ['a malformed event', { fault: 'malformed-json' as const }],
  ])('opens the circuit after streams that end in %s', async (_, script) => {
    fixture.upstream.enqueue({ ...script, reply: { text: 'partial answer', chunks: 6 }, times: 3 });
    for (let i = 0; i < 3; i++) {
      const parts = await collectStream((await model().doStream({ prompt })).stream);
      expect(parts.at(-1)?.type).toBe('error');
    }
    expect(fixture.transport.circuitState(target)).toBe('open');
    await expect(model().doStream({ prompt })).rejects.toSatisfy(CircuitOpenError.isInstance);
    expect(fixture.upstream.requests).toHaveLength(3);
  });

  it('opens the circuit after JSON errors in answer to streamed requests', async () => {
    fixture.upstream.enqueue({ body: { error: { message: 'quota exhausted' } }, times: 3 });
    for (let i = 0; i < 3; i++) await expect(model().doStream({ prompt })).rejects.toThrow(/quota exhausted/);
    expect(fixture.transport.circuitState(target)).toBe('open');
  });

  it('keeps the circuit closed when streams are abandoned or aborted', async () => {
    for (let i = 0; i < 3; i++) {
      fixture.upstream.enqueue({ chunkDelayMs: 50, reply: { text: 'one two three four', chunks: 4 } });
      const controller = new AbortController();
      const { stream } = await model().doStream({ prompt, abortSignal: controller.signal });
      for await (const part of stream) {
        if (part.type !== 'text-delta') continue;
        if (i === 0) break;
        controller.abort();
      }
    }
    expect(fixture.transport.circuitState(target)).toBe('closed');
    expect(fixture.transport.status().circuits[0]).toMatchObject({ failures: 0 });
  });
});
