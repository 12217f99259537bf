import { createGlm, createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpTransport,
  createMemorySessionStore,
  createProviderRegistry,
  type HttpTransport,
  type SessionStoreV1,
  type UsageRecord,
} from '@exai/core';
import { RateLimitedError } from '../limits/rate-limited-error.js';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

const kimiModel = 'kimi:kimi-k2-0905-preview';

let upstream: FakeUpstream;
let transport: HttpTransport | undefined;
let harness: ToolHarness | undefined;
let logLines: string[];

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(async () => {
  await harness?.close();
  await transport?.close();
  harness = undefined;
  transport = undefined;
  upstream.reset();
});

/**
 * A harness whose Kimi and GLM providers share a transport with short deadlines and one quick
 * retry, and whose `kimi-k2` falls back to GLM when `fallback` is set.
 */
async function connect({
  fallback = false,
  runtime = {},
}: { fallback?: boolean; runtime?: Partial<ExaiRuntime> } = {}): Promise<ToolHarness> {
  transport = createHttpTransport({
    timeouts: { firstByteInMs: 300, idleInMs: 5_000, totalInMs: 1_500 },
    retry: { maxRetries: 1, baseDelayInMs: 1, maxDelayInMs: 5 },
  });
  const registry = createProviderRegistry({
    providers: [
      createKimi({ apiKey: 'test-key-kimi', baseURL: `${upstream.url}/v1`, transport }),
      createGlm({ apiKey: 'test-key-glm', baseURL: `${upstream.url}/glm`, transport }),
    ],
    ...(fallback && { fallbacks: { 'kimi-k2': ['glm:glm-4.6'] } }),
  });
  logLines = [];
  harness = await connectToolHarness(upstream, {
    runtime: { registry, logger: (line) => logLines.push(line), ...runtime },
  });
  return harness;
}

async function usageOf(store: SessionStoreV1): Promise<UsageRecord[]> {
  return (await store.listUsage('default')).items;
}

describe('the usage record of a model call that fails', () => {
  it('records an upstream 5xx that outlasted the retries as an error with its code and model', async () => {
    const { call, store } = await connect();
    upstream.enqueue({ status: 503, retryAfterMs: 1, times: 2 });
    const result = await call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^upstream_unavailable: /);
    expect(upstream.requests).toHaveLength(2);
    const usage = await usageOf(store);
    expect(usage).toEqual([
      expect.objectContaining({
        model: kimiModel,
        status: 'error',
        errorCode: 'upstream_unavailable',
        inputTokens: 0,
        outputTokens: 0,
        threadId: undefined,
      }),
    ]);
    expect(usage[0]!.latencyInMs).toBeGreaterThanOrEqual(0);
    // No turn is stored for it.
    expect((await store.listThreads('default')).items).toEqual([]);
  });

  it('records a silent upstream as a timeout, naming the thread being continued', async () => {
    const { call, store } = await connect();
    const first = await call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(first.isError).toBe(false);
    const threadId = String(first.structured.continuation_id);
    upstream.enqueue({ delayBeforeHeadersMs: 5_000, times: 2 });
    const result = await call('chat', { prompt: 'still there?', continuation_id: threadId });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^timeout: /);
    const [failed, answered] = await usageOf(store);
    expect(answered).toMatchObject({ status: 'ok', threadId });
    expect(failed).toMatchObject({
      model: kimiModel,
      status: 'error',
      errorCode: 'timeout',
      threadId,
      outputTokens: 0,
    });
    expect(failed!.latencyInMs).toBeGreaterThanOrEqual(250);
    expect((await store.getThread('default', threadId))?.turnCount).toBe(2);
  });

  it('records a stream cut off by the total timeout', async () => {
    const { call, store } = await connect();
    upstream.enqueue({ reply: { text: 'word '.repeat(40), chunks: 40 }, chunkDelayMs: 100 });
    const result = await call('chat', { prompt: 'write slowly', model: 'kimi-k2' }, () => {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^timeout: /);
    expect(await usageOf(store)).toEqual([
      expect.objectContaining({ model: kimiModel, status: 'error', errorCode: 'timeout' }),
    ]);
  });

  it('records one call when every model of the fallback chain fails, under the last model tried', async () => {
    const { call, store } = await connect({ fallback: true });
    upstream.handle(() => ({ status: 503, retryAfterMs: 1 }));
    const result = await call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^all_models_failed: /);
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'kimi-k2-0905-preview',
      'kimi-k2-0905-preview',
      'glm-4.6',
      'glm-4.6',
    ]);
    expect(await usageOf(store)).toEqual([
      expect.objectContaining({ model: 'glm:glm-4.6', status: 'error', errorCode: 'all_models_failed' }),
    ]);
  });

  it('records an answer over the size cap with the tokens the provider reported', async () => {
    const { call, store } = await connect({ runtime: { limits: { maxAnswerBytes: 100 } } });
    upstream.enqueue({
      reply: { text: 'x'.repeat(500), usage: { prompt_tokens: 12, completion_tokens: 125 } },
    });
    const result = await call('chat', { prompt: 'write a lot', model: 'kimi-k2' });
    expect(result.text).toMatch(/^answer_too_large: /);
    const [record] = await usageOf(store);
    expect(record).toMatchObject({
      model: kimiModel,
      status: 'error',
      errorCode: 'answer_too_large',
      inputTokens: 12,
      outputTokens: 125,
    });
    expect(record!.costInUsd).toBeGreaterThan(0);
  });

  it('records nothing for a call refused before any model was asked', async () => {
    const refusing: ExaiRuntime['callLimits'] = {
      admit: () =>
        Promise.reject(
          new RateLimitedError({
            limit: 'requests per minute',
            allowed: 1,
            scope: 'tenant default',
            retryAfterInMs: 60_000,
          }),
        ),
    };
    const { call, store } = await connect({ runtime: { callLimits: refusing } });
    const refused = await call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(refused.text).toMatch(/^rate_limited: Rate limit reached/);
    const invalid = await call('chat', { prompt: 'hello', model: 'no-such-model-anywhere' });
    expect(invalid.isError).toBe(true);
    expect(upstream.requests).toHaveLength(0);
    expect(await usageOf(store)).toEqual([]);
  });

  it('logs a usage record it cannot write and still answers with the call’s own error', async () => {
    const store = createMemorySessionStore();
    store.recordUsage = () => Promise.reject(new Error('disk full'));
    const { call } = await connect({ runtime: { store } });
    upstream.enqueue({ status: 400, body: { error: { message: 'bad request' } } });
    const result = await call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.text).toMatch(/^bad_request: /);
    expect(logLines).toContainEqual(
      expect.stringContaining(
        `could not record the usage of a ${kimiModel} call (bad_request): Error: disk full`,
      ),
    );
  });
});
