import { InvalidConfigError } from '@exai/core';
import { connectRedis } from '@exai/server';
import { describe, expect, it } from 'vitest';
import { exaiConfigSchema } from '../config/exai-config-schema.js';
import { redisUnreachable, testRedisUrl, uniqueRedisPrefix } from '../test-helpers/test-redis.js';
import { openServeLimits, serveLimitsSettings } from './serve-limits.js';

const redisDown = await redisUnreachable('THE REDIS TEST OF SERVE LIMITS');

const config = (limits: unknown) => exaiConfigSchema.parse({ limits });
const unreachableRedis = 'redis://:hunter2-password@127.0.0.1:1';

describe('serveLimitsSettings', () => {
  it('takes limits from the config file, with the defaults overridden by the environment', () => {
    const { settings, onRedisUnavailable, redis } = serveLimitsSettings(
      config({
        defaults: { requestsPerMinute: 60, dailyBudget: { usd: 5 } },
        tenants: { acme: { requestsPerMinute: null, keys: { k1: { concurrentCalls: 1 } } } },
        redis: { onUnavailable: 'local' },
      }),
      {
        EXAI_TOKENS_PER_MINUTE: '50000',
        EXAI_REQUESTS_PER_MINUTE: '120',
        EXAI_REDIS_URL: 'redis://r:6379',
        EXAI_REDIS_KEY_PREFIX: 'team-a:',
      },
    );
    expect(settings.defaults).toEqual({
      requestsPerMinute: 120,
      tokensPerMinute: 50_000,
      dailyBudget: { usd: 5 },
    });
    expect(settings.tenants?.acme).toEqual({ requestsPerMinute: null, keys: { k1: { concurrentCalls: 1 } } });
    expect(onRedisUnavailable).toBe('local');
    expect(redis).toEqual({ url: 'redis://r:6379', keyPrefix: 'team-a:' });
    expect(
      serveLimitsSettings(config(undefined), { EXAI_LIMITS_ON_REDIS_UNAVAILABLE: 'local' })
        .onRedisUnavailable,
    ).toBe('local');
    expect(serveLimitsSettings(config(undefined), {}).onRedisUnavailable).toBe('fail-closed');
  });

  it('names each bad variable and what it expects', () => {
    expect(() =>
      serveLimitsSettings(config(undefined), {
        EXAI_CONCURRENT_CALLS: 'many',
        EXAI_LIMITS_ON_REDIS_UNAVAILABLE: 'open',
      }),
    ).toThrow(
      /EXAI_CONCURRENT_CALLS: "many" is not a whole number ≥ 1[\s\S]*EXAI_LIMITS_ON_REDIS_UNAVAILABLE: "open"/,
    );
  });

  it('refuses a malformed limits block in the config file', () => {
    expect(() => config({ defaults: { dailyBudget: {} } })).toThrow(/a budget needs tokens, usd or both/);
    expect(() => config({ defaults: { requestsPerMinute: 0 } })).toThrow();
    expect(() => config({ defaults: { requestPerMinute: 5 } })).toThrow();
  });
});

describe('openServeLimits', () => {
  it('is off without any limit', async () => {
    expect(await openServeLimits({ config: config(undefined), env: {}, log: () => {} })).toBeUndefined();
  });

  it('refuses to start when Redis cannot be reached and limits fail closed, without showing its password', async () => {
    const error = await openServeLimits({
      config: config({ defaults: { requestsPerMinute: 5 } }),
      env: { EXAI_REDIS_URL: unreachableRedis },
      log: () => {},
    }).catch((failure: unknown) => failure);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('cannot be reached');
    expect(message).toContain('"local"');
    expect(message).not.toContain('hunter2-password');
  });

  it.skipIf(redisDown !== undefined)('counts in Redis under EXAI_REDIS_KEY_PREFIX', async () => {
    const prefix = uniqueRedisPrefix();
    const limits = await openServeLimits({
      config: config({ defaults: { requestsPerMinute: 5 } }),
      env: { EXAI_REDIS_URL: testRedisUrl, EXAI_REDIS_KEY_PREFIX: prefix },
      log: () => {},
    });
    const raw = await connectRedis({ url: testRedisUrl, keyPrefix: '' });
    try {
      expect(limits?.description).toBe('limits in Redis (fail-closed while it is down)');
      await limits!.limits.admitRequest({ tenantId: 'acme' });
      expect(await raw.keys(`${prefix}*`)).toEqual([`${prefix}limits:requests:t:acme`]);
    } finally {
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(...keys);
      raw.disconnect();
      await limits?.close();
    }
  });

  it('starts with per-replica counts when set to local, and says so once', async () => {
    const lines: string[] = [];
    const limits = await openServeLimits({
      config: config({ defaults: { requestsPerMinute: 2 }, redis: { onUnavailable: 'local' } }),
      env: { EXAI_REDIS_URL: unreachableRedis },
      log: (line) => lines.push(line),
    });
    expect(limits?.description).toBe('limits in memory');
    await limits!.limits.admitRequest({ tenantId: 'a' });
    await limits!.limits.admitRequest({ tenantId: 'a' });
    await expect(limits!.limits.admitRequest({ tenantId: 'a' })).rejects.toThrow(/2 requests per minute/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/counted per replica/);
    expect(lines[0]).not.toContain('hunter2-password');
    await limits!.close();
  });
});
