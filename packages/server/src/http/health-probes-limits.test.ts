import type { Redis } from 'ioredis';
import { createFakeUpstream, createTcpProxy, type FakeUpstream, type TcpProxy } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimitMiddleware } from '../limits/rate-limit-middleware.js';
import type { RedisUnavailablePolicy } from '../limits/limit-counters.js';
import { createTenantLimits } from '../limits/tenant-limits.js';
import { connectRedis } from '../redis/connect-redis.js';
import { probeRedis, redisTestUrl, uniqueRedisPrefix } from '../test-helpers/probe-redis.js';
import {
  initializeBody,
  rawRequest,
  startTestServer,
  type TestServer,
} from '../test-helpers/start-test-server.js';

const redisAvailable = await probeRedis();

let upstream: FakeUpstream;
let proxy: TcpProxy | undefined;
let redis: Redis | undefined;
let server: TestServer | undefined;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  await server?.serving.close();
  redis?.disconnect();
  await proxy?.close();
  server = undefined;
  redis = undefined;
  proxy = undefined;
});

/**
 * A daemon whose limits count in the test Redis, reached through a TCP proxy the test can cut
 * (Redis going away as the daemon sees it) and restore (the client reconnects by itself), wired
 * like `exai serve --http`: the limits in the HTTP chain, their readiness in `/readyz`.
 */
async function startWithRedisLimits(onRedisUnavailable: RedisUnavailablePolicy) {
  const { hostname, port } = new URL(redisTestUrl());
  proxy = await createTcpProxy({ target: { host: hostname, port: Number(port || 6379) } });
  const target = new URL(redisTestUrl());
  target.hostname = '127.0.0.1';
  target.port = String(proxy.port);
  redis = await connectRedis({ url: target.href, keyPrefix: uniqueRedisPrefix() });
  const lines: string[] = [];
  const limits = createTenantLimits({
    redis,
    onRedisUnavailable,
    settings: { defaults: { requestsPerMinute: 1_000 } },
    log: (line) => lines.push(line),
  });
  server = await startTestServer(upstream, {
    stateless: true,
    limits: createRateLimitMiddleware({ limits }),
    checkReady: async () => ({ store: 'reachable', limits: await limits.readiness() }),
  });
  const { url } = server.serving;
  return {
    lines,
    redisPort: proxy.port,
    readyz: () => rawRequest(url.replace(/\/mcp$/, '/readyz'), { method: 'GET' }),
    call: () => rawRequest(url, { body: initializeBody() }),
  };
}

describe.skipIf(!redisAvailable)('/readyz while the limits cannot reach Redis', () => {
  it('answers 503 while limits that fail closed cannot reach Redis, and 200 once it is back', async () => {
    const daemon = await startWithRedisLimits('fail-closed');
    expect(await daemon.readyz()).toMatchObject({
      status: 200,
      json: {
        status: 'ready',
        checks: { store: 'reachable', limits: { counters: 'redis', status: 'ok' }, draining: false },
      },
    });
    expect((await daemon.call()).status).toBe(200);

    await proxy!.cut();
    const down = await daemon.readyz();
    expect(down).toMatchObject({
      status: 503,
      json: { status: 'unavailable', reason: 'the tenant limits cannot reach Redis and fail closed' },
    });
    // An unauthenticated probe learns no address.
    expect(down.text).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(down.text).not.toContain(String(daemon.redisPort));
    // What the probe says is what a call gets meanwhile.
    expect(await daemon.call()).toMatchObject({ status: 503 });

    await proxy!.restore();
    await expect
      .poll(async () => (await daemon.readyz()).status, { timeout: 10_000, interval: 100 })
      .toBe(200);
    expect((await daemon.call()).status).toBe(200);
    expect(daemon.lines).toEqual([
      expect.stringMatching(/^exai: warning: Redis is unreachable .*calls are refused until it is back/),
      'exai: Redis is reachable again; limits are shared across replicas',
    ]);
  });

  it('stays ready when limits are counted per replica meanwhile (local), and reports them degraded', async () => {
    const daemon = await startWithRedisLimits('local');
    await proxy!.cut();
    expect(await daemon.readyz()).toMatchObject({
      status: 200,
      json: { status: 'ready', checks: { limits: { counters: 'redis', status: 'degraded' } } },
    });
    expect((await daemon.call()).status).toBe(200);
    await proxy!.restore();
    await expect
      .poll(async () => ((await daemon.readyz()).json as { checks?: unknown }).checks, {
        timeout: 10_000,
        interval: 100,
      })
      .toMatchObject({ limits: { counters: 'redis', status: 'ok' } });
  });
});
