import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../redis/connect-redis.js';
import { probeRedis, redisTestUrl, uniqueRedisPrefix } from '../test-helpers/probe-redis.js';
import { openCancelRegistry } from './open-cancel-registry.js';
import { createRedisCancelRegistry } from './redis-cancel-registry.js';

const redisAvailable = await probeRedis();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function openShared(keyPrefix: string) {
  const opened = await openCancelRegistry({ redis: { url: redisTestUrl(), keyPrefix } });
  closers.push(() => opened.close());
  return opened;
}

describe.skipIf(!redisAvailable)('createRedisCancelRegistry', () => {
  it('delivers a cancel to the call watched on another replica, and only to it', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const [a, b] = [await openShared(keyPrefix), await openShared(keyPrefix)];
    const other = await openShared(uniqueRedisPrefix());
    expect(a.description).toBe('Redis');
    const fired: string[] = [];
    const key = { tenantId: 't', clientId: 'c', requestId: 5 };
    a.registry.watch(key, (reason) => fired.push(`a:${reason}`));
    other.registry.watch(key, (reason) => fired.push(`other deployment:${reason}`));
    await b.registry.cancel(key, 'stop');
    await expect.poll(() => fired).toEqual(['a:stop']);
  });

  it('never hears a cancel published under another key prefix (two deployments on one Redis)', async () => {
    const [prefixA, prefixB] = [uniqueRedisPrefix(), uniqueRedisPrefix()];
    const a = await openShared(prefixA);
    const [b, sender] = [await openShared(prefixB), await openShared(prefixB)];
    const fired: string[] = [];
    const key = { tenantId: 't', clientId: 'c', requestId: 7 };
    a.registry.watch(key, (reason) => fired.push(`deployment A:${reason}`));
    b.registry.watch(key, (reason) => fired.push(`deployment B:${reason}`));
    await sender.registry.cancel(key, 'stop');
    await expect.poll(() => fired).toContain('deployment B:stop');
    // A second publication on B's channel, after which anything bound for A would have arrived.
    await sender.registry.cancel({ ...key, requestId: 8 }, 'flush');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fired).toEqual(['deployment B:stop']);
    // Each deployment listens on its own channel: `<prefix>cancel`.
    const raw = await connectRedis({ url: redisTestUrl(), keyPrefix: '' });
    closers.push(async () => raw.disconnect());
    expect(await raw.pubsub('NUMSUB', `${prefixA}cancel`, `${prefixB}cancel`)).toEqual([
      `${prefixA}cancel`,
      1,
      `${prefixB}cancel`,
      2,
    ]);
  });

  it('fires for a call whose cancel was published before it was watched', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const [a, b] = [await openShared(keyPrefix), await openShared(keyPrefix)];
    const key = { tenantId: 't', clientId: 'c', requestId: 'r1' };
    await b.registry.cancel(key, 'early');
    // The publication reaches every subscriber; poll until replica a has it.
    const fired: string[] = [];
    await expect
      .poll(() => {
        const stop = a.registry.watch(key, (reason) => fired.push(reason));
        stop();
        return fired;
      })
      .toEqual(['early']);
  });

  it('keeps cancelling locally and logs once while Redis refuses to publish', async () => {
    const redis = await connectRedis({ url: redisTestUrl(), keyPrefix: uniqueRedisPrefix() });
    const lines: string[] = [];
    const registry = await createRedisCancelRegistry({ redis, log: (line) => lines.push(line) });
    closers.push(async () => {
      await registry.close();
      redis.disconnect();
    });
    redis.disconnect();
    const fired: string[] = [];
    registry.watch({ tenantId: 't', clientId: 'c', requestId: 1 }, (reason) => fired.push(reason));
    await registry.cancel({ tenantId: 't', clientId: 'c', requestId: 1 }, 'local');
    await registry.cancel({ tenantId: 't', clientId: 'c', requestId: 2 }, 'remote');
    await registry.cancel({ tenantId: 't', clientId: 'c', requestId: 3 }, 'remote');
    expect(fired).toEqual(['local']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis is unreachable .*on the replica that received it/);
  });
});

describe('openCancelRegistry', () => {
  it('falls back to a registry in memory, saying so once, when Redis is unreachable', async () => {
    const lines: string[] = [];
    const opened = await openCancelRegistry({
      redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'exai:' },
      log: (line) => lines.push(line),
    });
    closers.push(() => opened.close());
    expect(opened.description).toBe('in memory (this process only)');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/EXAI_REDIS_URL\) is unreachable .*this replica only/);
    const fired: string[] = [];
    opened.registry.watch({ tenantId: '', clientId: 'c', requestId: 1 }, (reason) => fired.push(reason));
    await opened.registry.cancel({ tenantId: '', clientId: 'c', requestId: 1 }, 'stop');
    expect(fired).toEqual(['stop']);
  });
});
