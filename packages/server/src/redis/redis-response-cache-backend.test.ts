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

describe('the Redis response-cache backend without Redis', () => {
  it('misses, skips writes and logs once when Redis cannot be reached, then stops trying on close', async () => {
    const lines: string[] = [];
    const backend = await openRedisResponseCacheBackend({
      url: 'redis://127.0.0.1:1',
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
