import type { Redis } from 'ioredis';
import { createMemorySessionStore, createProviderRegistry, type SessionStoreV1 } from '@exai/core';
import { createExaiServer, createMemoryCancelRegistry, type CancelRegistry } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCancelRegistry } from '../cancel/redis-cancel-registry.js';
import { connectRedis } from '../redis/connect-redis.js';
import {
  createRateLimitMiddleware,
  createTenantLimits,
  serveHttp,
  type HttpMiddleware,
  type HttpServing,
} from '../index.js';
import { probeRedis, redisTestUrl, uniqueRedisPrefix } from '../test-helpers/probe-redis.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../test-helpers/round-robin-proxy.js';
import { connectClient } from '../test-helpers/start-test-server.js';

const redisAvailable = await probeRedis();

let upstream: FakeUpstream;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  upstream.reset();
});

/** A stateless replica serving exai with Kimi at the fake upstream, on the given store and registry. */
async function startReplica(
  store: SessionStoreV1,
  cancelRegistry: CancelRegistry,
  limits?: HttpMiddleware,
): Promise<HttpServing> {
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime = { registry: createProviderRegistry({ providers: [kimi] }), store, version: '9.9.9-test' };
  const serving = await serveHttp({
    createServer: () => createExaiServer(runtime),
    port: 0,
    stateless: true,
    cancelRegistry,
    ...(limits !== undefined && { limits }),
  });
  cleanups.push(() => serving.close());
  return serving;
}

/**
 * An upstream that answers for 30 s (streaming, or silent before a plain answer): a cancel that
 * does not reach it leaves its socket open.
 */
function enqueueLongAnswer({ progress }: { progress: boolean }): void {
  upstream.enqueue(
    progress
      ? { reply: { text: 'word '.repeat(300), chunks: 300 }, chunkDelayMs: 100 }
      : { delayBeforeHeadersMs: 30_000 },
  );
}

/**
 * Starts a chat call and cancels it once the model is writing (with progress) or once the upstream
 * has the request (without); resolves with when the cancel was sent.
 */
async function callAndCancel(url: string, { progress }: { progress: boolean }): Promise<number> {
  const { client, transport } = await connectClient(url);
  cleanups.push(() => client.close());
  expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  const controller = new AbortController();
  let cancelledAt = 0;
  const cancel = () => {
    if (cancelledAt !== 0) return;
    cancelledAt = Date.now();
    controller.abort();
  };
  const call = client.callTool({ name: 'chat', arguments: { prompt: 'Write a lot.' } }, undefined, {
    signal: controller.signal,
    ...(progress && {
      onprogress: (update: { message?: string }) => {
        if (update.message?.includes('writing')) cancel();
      },
    }),
  });
  if (!progress) {
    await upstream.waitForRequests(1);
    cancel();
  }
  await expect(call).rejects.toThrow();
  return cancelledAt;
}

async function expectCancelledWithin1s(store: SessionStoreV1, cancelledAt: number): Promise<void> {
  const aborted = await upstream.waitForClientAbort({ timeoutInMs: 5_000 });
  expect(aborted.path).toMatch(/chat\/completions$/);
  expect(Date.now() - cancelledAt).toBeLessThan(1_000);
  await expect
    .poll(async () => (await store.listUsage('default')).items)
    .toEqual([expect.objectContaining({ status: 'error', errorCode: 'cancelled' })]);
  expect((await store.listThreads('default')).items).toEqual([]);
}

describe('stateless cancel on one replica (in-memory registry)', () => {
  it('a cancel passes the rate limit that the call used up, and aborts the call', async () => {
    const store = createMemorySessionStore();
    // initialize, the client's GET and tools/call use the minute's three requests; the cancel is a
    // notification.
    const limits = createRateLimitMiddleware({
      limits: createTenantLimits({ settings: { defaults: { requestsPerMinute: 3 } } }),
    });
    const serving = await startReplica(store, createMemoryCancelRegistry(), limits);
    enqueueLongAnswer({ progress: false });
    const cancelledAt = await callAndCancel(serving.url, { progress: false });
    await expectCancelledWithin1s(store, cancelledAt);
  });

  it.each([{ progress: true }, { progress: false }])(
    'a cancel in a later POST aborts the call (progress: $progress)',
    async ({ progress }) => {
      const store = createMemorySessionStore();
      const serving = await startReplica(store, createMemoryCancelRegistry());
      enqueueLongAnswer({ progress });
      const cancelledAt = await callAndCancel(serving.url, { progress });
      await expectCancelledWithin1s(store, cancelledAt);
    },
  );

  it('keeps a cancel of a client without a token to its own POST', async () => {
    const store = createMemorySessionStore();
    const registry = createMemoryCancelRegistry();
    const serving = await startReplica(store, registry);
    const response = await fetch(serving.url, {
      method: 'POST',
      headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } }),
    });
    expect(response.status).toBe(202);
    const fired: string[] = [];
    registry.watch({ tenantId: '', clientId: '', requestId: 1 }, (reason) => fired.push(reason));
    expect(fired).toEqual([]);
  });
});

describe.skipIf(!redisAvailable)('stateless cancel across two replicas sharing Redis', () => {
  let proxy: RoundRobinProxy;
  let store: SessionStoreV1;

  async function startPair(): Promise<void> {
    const keyPrefix = uniqueRedisPrefix();
    store = createMemorySessionStore();
    const replicas: HttpServing[] = [];
    for (let index = 0; index < 2; index += 1) {
      const redis: Redis = await connectRedis({ url: redisTestUrl(), keyPrefix });
      const registry = await createRedisCancelRegistry({ redis });
      cleanups.push(async () => {
        await registry.close();
        redis.disconnect();
      });
      replicas.push(await startReplica(store, registry));
    }
    proxy = await startRoundRobinProxy(replicas.map((replica) => replica.url));
    cleanups.push(() => proxy.close());
  }

  /** The call and its cancel went to different replicas. */
  function expectCancelOnOtherReplica(): void {
    const call = proxy.posts.find((post) => post.methods.includes('tools/call'));
    const cancel = proxy.posts.find((post) => post.methods.includes('notifications/cancelled'));
    expect(call).toBeDefined();
    expect(cancel).toBeDefined();
    expect(cancel!.replica).not.toBe(call!.replica);
  }

  it.each([{ progress: true }, { progress: false }])(
    'the cancel lands on the other replica and still closes the upstream socket within 1 s (progress: $progress)',
    async ({ progress }) => {
      await startPair();
      enqueueLongAnswer({ progress });
      const cancelledAt = await callAndCancel(proxy.url('/mcp'), { progress });
      await expectCancelledWithin1s(store, cancelledAt);
      expectCancelOnOtherReplica();
    },
  );
});
