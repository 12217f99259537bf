import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError, LimitsUnavailableError, RateLimitedError } from '@exai/mcp';
import { connectTestRedis, probeRedis } from '../test-helpers/probe-redis.js';
import { createTenantLimits, type TenantLimitsOptions } from './tenant-limits.js';

const redisAvailable = await probeRedis();
const caller = { tenantId: 'acme' };
const admission = (estimatedTokens: number, estimatedCostInUsd?: number) => ({
  caller,
  tool: 'chat',
  model: 'kimi:kimi-k2',
  estimatedTokens,
  ...(estimatedCostInUsd !== undefined && { estimatedCostInUsd }),
});

/** How many of `count` concurrent requests one set of limits admits. */
async function admitConcurrently(limits: { admitRequest(c: typeof caller): Promise<void> }, count: number) {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => limits.admitRequest(caller)));
  const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
  for (const outcome of refused) expect(RateLimitedError.isInstance(outcome.reason)).toBe(true);
  return outcomes.length - refused.length;
}

function suite(name: string, options: () => Pick<TenantLimitsOptions, 'redis' | 'keyPrefix'>) {
  describe(`tenant limits (${name})`, () => {
    it('admits exactly N requests per minute of many concurrent ones, per tenant and per key', async () => {
      const limits = createTenantLimits({
        ...options(),
        settings: {
          defaults: { requestsPerMinute: 25 },
          tenants: { acme: { keys: { k1: { requestsPerMinute: 3 } } } },
        },
      });
      expect(await admitConcurrently(limits, 200)).toBe(25);
      // Another tenant has its own count.
      await expect(limits.admitRequest({ tenantId: 'other' })).resolves.toBeUndefined();
      const keyed = { tenantId: 'keyed', keyId: 'k1' };
      const keyLimits = createTenantLimits({
        ...options(),
        settings: { tenants: { keyed: { keys: { k1: { requestsPerMinute: 3 } } } } },
      });
      const keyOutcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => keyLimits.admitRequest(keyed)),
      );
      expect(keyOutcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    });

    it('says which limit refused and when it resets', async () => {
      const limits = createTenantLimits({ ...options(), settings: { defaults: { requestsPerMinute: 1 } } });
      await limits.admitRequest(caller);
      const error = await limits.admitRequest(caller).catch((failure: unknown) => failure);
      expect(RateLimitedError.isInstance(error)).toBe(true);
      const refused = error as RateLimitedError;
      expect(refused.code).toBe('rate_limited');
      expect(refused.message).toMatch(/1 requests per minute for tenant acme\. It resets at \d{4}-/);
      expect(refused.retryAfterInMs).toBeGreaterThan(0);
      expect(refused.retryAfterInMs).toBeLessThanOrEqual(60_000);
    });

    it('reserves estimated tokens and reconciles them with what the call used', async () => {
      const limits = createTenantLimits({ ...options(), settings: { defaults: { tokensPerMinute: 1_000 } } });
      const first = await limits.admit(admission(600));
      // 600 reserved: a second 600 does not fit, before the first has even finished.
      await expect(limits.admit(admission(600))).rejects.toThrow(/tokens per minute/);
      // The first used only 100: 500 come back, and the second fits now.
      await first.settle({ tokens: 100, outcome: 'ok' });
      const second = await limits.admit(admission(600));
      // 100 + 600 held: 400 left. A refused reservation took nothing, so 300 still fits.
      await expect(limits.admit(admission(301 + 100))).rejects.toBeInstanceOf(RateLimitedError);
      const third = await limits.admit(admission(300));
      // Used more than reserved: the excess counts too.
      await second.settle({ tokens: 650, outcome: 'ok' });
      await third.settle({ tokens: 300, outcome: 'ok' });
      await expect(limits.admit(admission(1))).rejects.toBeInstanceOf(RateLimitedError);
    });

    it('holds tokens exactly under concurrency: never more admitted than the limit', async () => {
      const limits = createTenantLimits({ ...options(), settings: { defaults: { tokensPerMinute: 1_000 } } });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => limits.admit(admission(100))),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    });

    it('caps concurrent calls and frees a slot when a call settles, whatever its outcome', async () => {
      const limits = createTenantLimits({ ...options(), settings: { defaults: { concurrentCalls: 2 } } });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => limits.admit(admission(10))),
      );
      const held = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      expect(held).toHaveLength(2);
      // No reset time for calls in flight: one ends when it ends.
      await expect(limits.admit(admission(10))).rejects.toThrow(
        /^Rate limit reached: 2 concurrent calls for tenant acme, all in flight\. A slot frees as soon as one of those calls ends; try again then \(checking every 1 s or so is fine\)\.$/,
      );
      await held[0]!.settle({ tokens: 0, outcome: 'error' });
      await held[0]!.settle({ tokens: 0, outcome: 'error' }); // settling twice frees one slot, not two
      const next = await limits.admit(admission(10));
      await expect(limits.admit(admission(10))).rejects.toBeInstanceOf(RateLimitedError);
      await next.settle({ tokens: 5, outcome: 'ok' });
      await held[1]!.settle({ tokens: 5, outcome: 'ok' });
    });

    it('refuses with budget_exhausted, naming the budget and when it renews', async () => {
      const limits = createTenantLimits({
        ...options(),
        settings: { defaults: { dailyBudget: { tokens: 1_000 }, monthlyBudget: { usd: 0.5 } } },
      });
      const call = await limits.admit(admission(400, 0.1));
      await call.settle({ tokens: 900, costInUsd: 0.1, outcome: 'ok' });
      const error = await limits.admit(admission(200, 0.1)).catch((failure: unknown) => failure);
      expect(BudgetExhaustedError.isInstance(error)).toBe(true);
      const exhausted = error as BudgetExhaustedError;
      expect(exhausted.code).toBe('budget_exhausted');
      expect(exhausted.message).toContain('daily budget of 1000 tokens for tenant acme');
      const tomorrow = new Date();
      tomorrow.setUTCHours(24, 0, 0, 0);
      expect(exhausted.renewsAt.toISOString()).toBe(tomorrow.toISOString());
      expect(exhausted.message).toContain(tomorrow.toISOString());
      // The money budget counts the catalogue cost: $0.45 more does not fit in $0.40.
      const small = await limits.admit(admission(50, 0.35));
      await small.settle({ tokens: 50, costInUsd: 0.39, outcome: 'ok' });
      await expect(limits.admit(admission(10, 0.02))).rejects.toThrow(/monthly budget of \$0\.5/);
    });

    it('gives back what it took when a later limit refuses', async () => {
      const limits = createTenantLimits({
        ...options(),
        settings: { defaults: { concurrentCalls: 1, tokensPerMinute: 100 } },
      });
      await expect(limits.admit(admission(100))).resolves.toBeDefined();
      const fresh = createTenantLimits({
        ...options(),
        settings: { tenants: { acme: { concurrentCalls: 1, dailyBudget: { tokens: 10 } } } },
      });
      await expect(fresh.admit(admission(50))).rejects.toBeInstanceOf(BudgetExhaustedError);
      // The concurrency slot taken before the budget refused was given back.
      const call = await fresh.admit(admission(5));
      await call.settle({ tokens: 5, outcome: 'ok' });
    });
  });
}

suite('memory', () => ({}));

describe.skipIf(!redisAvailable)('with Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(() => redis?.disconnect());
  suite('Redis', () => ({ redis, keyPrefix: `limits-${randomUUID()}` }));

  it('shares one exact count between replicas, round after round', async () => {
    const settings = { defaults: { requestsPerMinute: 30, tokensPerMinute: 3_000 } };
    for (let round = 0; round < 10; round++) {
      const keyPrefix = `limits-${randomUUID()}`;
      const replicas = [1, 2, 3].map(() => createTenantLimits({ redis, settings, keyPrefix }));
      const requests = await Promise.allSettled(
        Array.from({ length: 150 }, (_, index) => replicas[index % 3]!.admitRequest({ tenantId: 'shared' })),
      );
      expect(requests.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
      const calls = await Promise.allSettled(
        Array.from({ length: 60 }, (_, index) =>
          replicas[index % 3]!.admit({ ...admission(100), caller: { tenantId: 'shared' } }),
        ),
      );
      expect(calls.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
    }
  });
});

describe.skipIf(!redisAvailable)('while Redis is unreachable', () => {
  async function downRedis(): Promise<Redis> {
    const redis = await connectTestRedis();
    redis.disconnect(); // no reconnect: every command now fails at once
    return redis;
  }

  it('fails closed by default, and logs the outage once', async () => {
    const lines: string[] = [];
    const limits = createTenantLimits({
      redis: await downRedis(),
      settings: { defaults: { requestsPerMinute: 5 } },
      log: (line) => lines.push(line),
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await limits.admitRequest(caller).catch((failure: unknown) => failure);
      expect(LimitsUnavailableError.isInstance(error)).toBe(true);
    }
    await expect(limits.admit(admission(1))).resolves.toBeDefined(); // no tool-level limit set
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis is unreachable .*refused until it is back/);
  });

  it('survives Redis going away mid-call, logs the outage and the recovery once each', async () => {
    const lines: string[] = [];
    const redis = await connectTestRedis();
    const limits = createTenantLimits({
      redis,
      settings: { defaults: { requestsPerMinute: 100, concurrentCalls: 2, tokensPerMinute: 10_000 } },
      log: (line) => lines.push(line),
    });
    const call = await limits.admit(admission(500));
    const ended = new Promise((resolve) => redis.once('end', resolve));
    redis.disconnect();
    await ended;
    await call.settle({ tokens: 20, outcome: 'ok' }); // the refund is lost, the call still ends
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(limits.admitRequest(caller)).rejects.toSatisfy(LimitsUnavailableError.isInstance);
    }
    expect(lines).toHaveLength(1);
    await redis.connect();
    await expect(limits.admitRequest(caller)).resolves.toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Redis is reachable again/);
    redis.disconnect();
  });

  it('counts per replica when set to local, and logs the outage once', async () => {
    const lines: string[] = [];
    const limits = createTenantLimits({
      redis: await downRedis(),
      onRedisUnavailable: 'local',
      settings: { defaults: { requestsPerMinute: 5, tokensPerMinute: 100 } },
      log: (line) => lines.push(line),
    });
    expect(await admitConcurrently(limits, 20)).toBe(5);
    const call = await limits.admit(admission(100));
    await expect(limits.admit(admission(1))).rejects.toBeInstanceOf(RateLimitedError);
    await call.settle({ tokens: 10, outcome: 'ok' });
    await expect(limits.admit(admission(50))).resolves.toBeDefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/counted per replica/);
  });
});
