// Fallback across real providers: Kimi and GLM over HTTP against two fake upstreams, through one
// real transport (retries, breaker, bulkhead), resolved by the core registry.
import {
  AllModelsFailedError,
  createProviderRegistry,
  createHttpTransport,
  type LanguageModelV1StreamPart,
  type HttpTransport,
} from '@exai/core';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGlm } from './glm/index.js';
import { createKimi } from './kimi/index.js';
import { collectStream } from './test-helpers/use-fake-upstream.js';

let kimiUpstream: FakeUpstream;
let glmUpstream: FakeUpstream;
let transport: HttpTransport;

const prompt = [{ role: 'user' as const, content: 'Second opinion, please.' }];

function registryWith(settings: Parameters<typeof createHttpTransport>[0] = {}) {
  transport = createHttpTransport({
    retry: { baseDelayInMs: 1, maxDelayInMs: 5, maxRetries: 1 },
    ...settings,
  });
  return createProviderRegistry({
    providers: [
      createKimi({ baseURL: `${kimiUpstream.url}/v1`, apiKey: 'k', transport }),
      createGlm({ baseURL: `${glmUpstream.url}/api/paas/v4`, apiKey: 'g', transport }),
    ],
    fallbacks: { 'kimi-k2': ['glm:glm-4.6'] },
  });
}

beforeEach(async () => {
  kimiUpstream = await createFakeUpstream({ defaultReply: { text: 'from kimi' } });
  glmUpstream = await createFakeUpstream({ defaultReply: { text: 'from glm' } });
});
afterEach(async () => {
  await transport?.close();
  await Promise.all([kimiUpstream.close(), glmUpstream.close()]);
});

describe('fallback through real providers', () => {
  it('answers from Kimi when it is healthy', async () => {
    const result = await registryWith().generate('kimi-k2', { prompt });
    expect(result.text).toBe('from kimi');
    expect(result.answeredBy.spec).toBe('kimi:kimi-k2-0905-preview');
    expect(result.fallbacks).toEqual([]);
    expect(glmUpstream.requests).toHaveLength(0);
  });

  it('retries a passing 503 on Kimi without falling back', async () => {
    kimiUpstream.enqueue({ status: 503 });
    const result = await registryWith().generate('kimi-k2', { prompt });
    expect(result.text).toBe('from kimi');
    expect(kimiUpstream.requests).toHaveLength(2);
    expect(result.fallbacks).toEqual([]);
  });

  it('falls back to GLM when Kimi keeps failing, recording why', async () => {
    kimiUpstream.enqueue({ status: 503, times: Infinity });
    const result = await registryWith().generate('kimi-k2', { prompt });
    expect(result.text).toBe('from glm');
    expect(result.answeredBy.spec).toBe('glm:glm-4.6');
    expect(result.fallbacks).toEqual([
      expect.objectContaining({ model: 'kimi:kimi-k2-0905-preview', code: 'upstream_unavailable' }),
    ]);
    expect(kimiUpstream.requests).toHaveLength(2);
    expect(glmUpstream.requests[0]?.body).toMatchObject({ model: 'glm-4.6' });
  });

  it('falls back on a rate limit whose Retry-After exceeds the retry budget, without waiting', async () => {
    kimiUpstream.enqueue({ status: 429, retryAfter: 120 });
    const startedAt = performance.now();
    const result = await registryWith({ retry: { budgetInMs: 2_000 } }).generate('kimi-k2', { prompt });
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    expect(result.answeredBy.spec).toBe('glm:glm-4.6');
    expect(result.fallbacks[0]?.code).toBe('rate_limited');
  });

  it('falls back on connection resets and on malformed JSON', async () => {
    kimiUpstream.enqueue({ fault: 'reset', times: Infinity });
    const reset = await registryWith().generate('kimi-k2', { prompt });
    expect(reset.fallbacks[0]?.code).toBe('network_error');
    await transport.close();

    kimiUpstream.reset();
    kimiUpstream.enqueue({ fault: 'malformed-json' });
    const malformed = await registryWith().generate('kimi-k2', { prompt });
    expect(malformed.fallbacks[0]?.code).toBe('invalid_response');
    expect(malformed.text).toBe('from glm');
  });

  it('fails fast on an open circuit and goes straight to GLM', async () => {
    const registry = registryWith({
      retry: { maxRetries: 0 },
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 60_000 },
    });
    kimiUpstream.enqueue({ status: 500, times: Infinity });
    await registry.generate('kimi-k2', { prompt });
    await registry.generate('kimi-k2', { prompt });
    expect(transport.circuitState({ provider: 'kimi', model: 'kimi-k2-0905-preview' })).toBe('open');
    const sentToKimi = kimiUpstream.requests.length;

    const result = await registry.generate('kimi-k2', { prompt });
    expect(result.fallbacks[0]?.code).toBe('circuit_open');
    expect(result.text).toBe('from glm');
    expect(kimiUpstream.requests).toHaveLength(sentToKimi);
  });

  it('falls back when Kimi is over capacity', async () => {
    const registry = registryWith({ bulkheadByProvider: { kimi: { maxConcurrent: 1, maxQueue: 0 } } });
    kimiUpstream.enqueue({ delayBeforeHeadersMs: 300 });
    const [slow, overflow] = await Promise.all([
      registry.generate('kimi-k2', { prompt }),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => registry.generate('kimi-k2', { prompt })),
    ]);
    expect(slow.answeredBy.spec).toBe('kimi:kimi-k2-0905-preview');
    expect(overflow.fallbacks[0]?.code).toBe('over_capacity');
    expect(overflow.answeredBy.spec).toBe('glm:glm-4.6');
  });

  it('falls back for a stream that fails before its first byte, but not after', async () => {
    kimiUpstream.enqueue({ status: 502, times: 2 });
    const early = await registryWith().stream('kimi-k2', { prompt });
    const earlyParts = await collectStream<LanguageModelV1StreamPart>(early.stream);
    expect(early.answeredBy.spec).toBe('glm:glm-4.6');
    expect(
      earlyParts
        .filter((p) => p.type === 'text-delta')
        .map((p) => p.delta)
        .join(''),
    ).toBe('from glm');
    await transport.close();

    kimiUpstream.reset();
    glmUpstream.reset();
    kimiUpstream.enqueue({ fault: 'error-mid-stream', reply: { text: 'partial answer here', chunks: 4 } });
    const late = await registryWith().stream('kimi-k2', { prompt });
    const lateParts = await collectStream<LanguageModelV1StreamPart>(late.stream);
    expect(late.answeredBy.spec).toBe('kimi:kimi-k2-0905-preview');
    expect(lateParts.at(-1)).toMatchObject({ type: 'error' });
    expect(glmUpstream.requests).toHaveLength(0);
  });

  it('lists every attempt when all models fail', async () => {
    kimiUpstream.enqueue({ status: 503, times: Infinity });
    glmUpstream.enqueue({ status: 401, times: Infinity });
    const error = await registryWith()
      .generate('kimi-k2', { prompt })
      .catch((e: unknown) => e);
    expect(AllModelsFailedError.isInstance(error)).toBe(true);
    expect((error as AllModelsFailedError).attempts.map((a) => a.code)).toEqual([
      'upstream_unavailable',
      'authentication_failed',
    ]);
  });

  it('does not fall back when the caller aborts', async () => {
    kimiUpstream.enqueue({ delayBeforeHeadersMs: 2_000 });
    const controller = new AbortController();
    const call = registryWith().generate('kimi-k2', { prompt, abortSignal: controller.signal });
    await kimiUpstream.waitForRequests(1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    await kimiUpstream.waitForClientAbort();
    expect(glmUpstream.requests).toHaveLength(0);
  });
});
