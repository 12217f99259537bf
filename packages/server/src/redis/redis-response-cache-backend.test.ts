import {
  connect as connectNet,
  createServer as createNetServer,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { createResponseCache, type ResponseCacheBackend } from '@exai/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeRedis, redisTestUrl, uniqueRedisPrefix } from '../test-helpers/probe-redis.js';
import {
  connectClient,
  startTestServer,
  textOf,
  type TestServer,
} from '../test-helpers/start-test-server.js';
import { connectRedis } from './connect-redis.js';
import { openRedisResponseCacheBackend } from './redis-response-cache-backend.js';

const redisUp = await probeRedis();

describe.skipIf(!redisUp)('the Redis response-cache backend', () => {
  it('stores an entry as one key with its TTL, and reads it back', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const backend = await openRedisResponseCacheBackend({ url: redisTestUrl(), keyPrefix });
    const raw = await connectRedis({ url: redisTestUrl(), keyPrefix });
    try {
      const key = 'a'.repeat(64);
      expect(await backend.get(key)).toBeUndefined();
      await backend.set(
        key,
        { result: { text: 'answer', structuredContent: { n: 1 } }, storedAt: 42 },
        60_000,
      );
      expect(await backend.get(key)).toEqual({
        result: { text: 'answer', structuredContent: { n: 1 } },
        storedAt: 42,
      });
      const ttl = await raw.pttl(`cache:${key}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Another deployment's prefix never sees it.
      const other = await openRedisResponseCacheBackend({
        url: redisTestUrl(),
        keyPrefix: uniqueRedisPrefix(),
      });
      expect(await other.get(key)).toBeUndefined();
      await other.close();
    } finally {
      await raw.del(`cache:${'a'.repeat(64)}`);
      raw.disconnect();
      await backend.close();
    }
  });

  describe('two server instances sharing one Redis', () => {
    let upstream: FakeUpstream;
    const servers: TestServer[] = [];
    const backends: ResponseCacheBackend[] = [];
    beforeAll(async () => {
      upstream = await createFakeUpstream();
      const keyPrefix = uniqueRedisPrefix();
      for (let index = 0; index < 2; index++) {
        const backend = await openRedisResponseCacheBackend({ url: redisTestUrl(), keyPrefix });
        backends.push(backend);
        const server = await startTestServer(upstream, { stateless: true });
        server.runtime.responseCache = createResponseCache({
          backend,
          tools: ['chat'],
          namespace: 'same-config',
        });
        servers.push(server);
      }
    });
    afterAll(async () => {
      for (const server of servers) await server.serving.close();
      for (const backend of backends) await backend.close();
      await upstream.close();
    });

    it('answers on the second instance from the entry the first one stored', async () => {
      upstream.enqueue({ reply: { text: 'Shared answer.' } });
      const ask = { name: 'chat', arguments: { prompt: 'Cache me across replicas', model: 'kimi-k2' } };
      const [first, second] = await Promise.all(servers.map((server) => connectClient(server.serving.url)));
      try {
        const answered = await first!.client.callTool(ask);
        const cached = await second!.client.callTool(ask);
        expect(
          upstream.requests.filter((request) => request.path.endsWith('/chat/completions')),
        ).toHaveLength(1);
        expect(textOf(cached)).toBe(textOf(answered));
        expect(textOf(cached)).toContain('Shared answer.');
        expect(cached._meta?.['exai/cache']).toMatchObject({ hit: true });
      } finally {
        await first?.client.close();
        await second?.client.close();
      }
    });
  });
});

/** A TCP hop to the test Redis that can drop every connection and refuse new ones, then come back. */
async function startCuttableRedisHop(): Promise<{
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}> {
  const target = new URL(redisTestUrl());
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createNetServer((incoming) => {
    if (refusing) {
      incoming.destroy();
      return;
    }
    const outgoing = connectNet(Number(target.port || 6379), target.hostname);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    incoming.pipe(outgoing).pipe(incoming);
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!redisUp)('a daemon whose cache Redis drops out mid-run', () => {
  it('keeps answering, uncached, while Redis is gone, and uses the cache again once it is back', async () => {
    const hop = await startCuttableRedisHop();
    const upstream = await createFakeUpstream({ defaultReply: { text: 'Fresh answer.' } });
    const lines: string[] = [];
    const backend = await openRedisResponseCacheBackend({
      url: hop.url,
      keyPrefix: uniqueRedisPrefix(),
      timeoutInMs: 300,
      log: (line) => lines.push(line),
    });
    const server = await startTestServer(upstream, { stateless: true });
    server.runtime.responseCache = createResponseCache({ backend, tools: ['chat'] });
    const { client } = await connectClient(server.serving.url);
    const chatRequests = () =>
      upstream.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
    const ask = (prompt: string) =>
      client.callTool({ name: 'chat', arguments: { prompt, model: 'kimi-k2' } });
    try {
      await ask('Before the outage');
      const cachedBefore = await ask('Before the outage');
      expect(cachedBefore._meta?.['exai/cache']).toMatchObject({ hit: true });
      expect(chatRequests()).toBe(1);

      hop.cut();
      // Every call is answered, from the model: the cache neither fails it nor serves it.
      for (const prompt of ['Before the outage', 'During the outage', 'During the outage']) {
        const answer = await ask(prompt);
        expect(answer.isError, textOf(answer)).toBeFalsy();
        expect(textOf(answer)).toContain('Fresh answer.');
        expect(answer._meta?.['exai/cache']).toBeUndefined();
      }
      expect(chatRequests()).toBe(4);
      expect(lines.filter((line) => line.includes('is unreachable'))).toHaveLength(1);

      hop.restore();
      // ioredis reconnects in the background; the entry stored before the outage is served again.
      await expect
        .poll(async () => (await ask('Before the outage'))._meta?.['exai/cache'], { timeout: 10_000 })
        .toMatchObject({ hit: true });
      expect(lines.some((line) => line.includes('is reachable again'))).toBe(true);
    } finally {
      await client.close();
      await server.serving.close();
      await backend.close();
      await upstream.close();
      await hop.close();
    }
  });
});

describe('the Redis response-cache backend without Redis', () => {
  it('misses, skips writes and logs once when Redis cannot be reached, then stops trying on close', async () => {
    const lines: string[] = [];
    const backend = await openRedisResponseCacheBackend({
      url: 'redis://127.0.0.1:1',
      keyPrefix: uniqueRedisPrefix(),
      connectTimeoutInMs: 300,
      log: (line) => lines.push(line),
    });
    await backend.set('b'.repeat(64), { result: { text: 'x' }, storedAt: 0 }, 1_000);
    expect(await backend.get('b'.repeat(64))).toBeUndefined();
    await backend.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/response cache: Redis at redis:\/\/127\.0\.0\.1:1 is unreachable .*uncached/);
  });
});
