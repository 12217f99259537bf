import type { Redis } from 'ioredis';
import {
  BudgetExhaustedError,
  RateLimitedError,
  type ToolCallAdmission,
  type ToolCallLimits,
  type ToolCallReservation,
  type ToolCallSettlement,
} from '@exai/mcp';
import { budgetPeriod, type BudgetPeriod } from './budget-period.js';
import { emitRefusal } from './refusal-telemetry.js';
import {
  createLimitCounters,
  type CounterBackend,
  type LimitsReadiness,
  type RedisUnavailablePolicy,
} from './limit-counters.js';
import { limitsFor, type LimitSettings, type TenantLimitsSettings } from './limit-settings.js';

export interface TenantLimitsOptions {
  settings: TenantLimitsSettings;
  /** Counters shared by every replica; without it they live in this process. */
  redis?: Redis | undefined;
  onRedisUnavailable?: RedisUnavailablePolicy;
  /** Starts every counter's key, after the Redis client's prefix. Default `limits`. */
  keyPrefix?: string;
  /**
   * A concurrency slot is given back when its call ends; one a crashed replica never gave back is
   * freed when this window ends. Default 900 (15 minutes, longer than any call).
   */
  concurrencyWindowInSeconds?: number;
  log?: (line: string) => void;
}

export interface TenantLimits extends ToolCallLimits {
  /** Counts one HTTP request; throws `RateLimitedError` past `requestsPerMinute`. */
  admitRequest(caller: { tenantId: string; keyId?: string | undefined }): Promise<void>;
  /**
   * Whether the limits can admit calls now, for `/readyz` (`checkReady`'s `limits`): with Redis, a
   * PING; `unavailable` while Redis does not answer and the limits fail closed.
   */
  readiness(options?: { timeoutInMs?: number }): Promise<LimitsReadiness>;
}

const MICRODOLLARS = 1_000_000;

/** One admitted hold on a counter, given back or reconciled when the call ends. */
interface Hold {
  release(settlement: ToolCallSettlement | undefined): Promise<void>;
}

/**
 * Per-tenant (and per-key) limits on `rate-limiter-flexible` counters: requests per minute at the
 * HTTP edge, and per model call tokens per minute, concurrent calls and daily/monthly budgets.
 * A call takes every hold it needs atomically (each counter in one step, all counters at once)
 * and gives back what it took when any refuses; it is never checked first and counted later.
 */
export function createTenantLimits({
  settings,
  redis,
  onRedisUnavailable,
  keyPrefix,
  concurrencyWindowInSeconds = 900,
  log,
}: TenantLimitsOptions): TenantLimits {
  const counters = createLimitCounters({ redis, onRedisUnavailable, keyPrefix, log });
  const requests = counters.counter('requests', 60);
  const tokens = counters.counter('tokens', 60);
  const concurrent = counters.counter('concurrent', concurrencyWindowInSeconds);
  const budgets = counters.counter('budget', 31 * 24 * 3600);

  const scopesOf = (caller: { tenantId: string; keyId?: string | undefined }) => {
    const { tenant, key } = limitsFor(settings, caller);
    const scopes: Array<{ key: string; name: string; limits: LimitSettings }> = [
      { key: `t:${caller.tenantId}`, name: `tenant ${caller.tenantId}`, limits: tenant },
    ];
    if (key !== undefined && caller.keyId !== undefined)
      scopes.push({
        key: `k:${caller.tenantId}:${caller.keyId}`,
        name: `key ${caller.keyId} of tenant ${caller.tenantId}`,
        limits: key,
      });
    return scopes;
  };

  async function holdTokens(scope: string, name: string, limit: number, estimated: number): Promise<Hold> {
    // One call larger than the whole minute still runs once the minute is otherwise empty.
    const reserved = Math.min(Math.max(0, Math.ceil(estimated)), limit);
    const taken = await tokens.take(scope, reserved, { limit, undoRefused: true });
    if (!taken.admitted) {
      throw new RateLimitedError({
        limit: 'tokens per minute',
        allowed: limit,
        scope: name,
        retryAfterInMs: taken.msBeforeNext,
        detail: `This call was estimated at ${reserved} tokens.`,
      });
    }
    return {
      async release(settlement) {
        const used = settlement === undefined ? 0 : settlement.tokens;
        await tokens.adjust(scope, used - reserved, { limit, backend: taken.backend });
      },
    };
  }

  async function holdSlot(scope: string, name: string, limit: number): Promise<Hold> {
    const taken = await concurrent.take(scope, 1, { limit, undoRefused: true });
    if (!taken.admitted) {
      throw new RateLimitedError({
        limit: 'concurrent calls',
        allowed: limit,
        scope: name,
        retryAfterInMs: 1_000,
        kind: 'in-flight',
        detail: 'A slot frees as soon as one of those calls ends',
      });
    }
    // Past the window the counter has started again from zero: giving the slot back then would
    // free one that another call holds.
    const windowEndsAt = Date.now() + taken.msBeforeNext;
    return {
      async release() {
        if (Date.now() < windowEndsAt) await concurrent.adjust(scope, -1, { limit, backend: taken.backend });
      },
    };
  }

  async function holdBudget(
    scope: string,
    name: string,
    period: BudgetPeriod,
    unit: 'tokens' | 'usd',
    allowed: number,
    estimated: number,
  ): Promise<Hold> {
    const { id, renewsAt } = budgetPeriod(period);
    const key = `${scope}:${period}:${unit}:${id}`;
    const toPoints = (amount: number) => Math.ceil(unit === 'usd' ? amount * MICRODOLLARS : amount);
    const limit = toPoints(allowed);
    // The key ends with its period, so the count renews with the calendar; the TTL only cleans up.
    const durationInSeconds = Math.ceil((renewsAt.getTime() - Date.now()) / 1000) + 3600;
    const reserved = toPoints(estimated);
    const taken = await budgets.take(key, reserved, { limit, durationInSeconds, undoRefused: true });
    if (!taken.admitted) throw new BudgetExhaustedError({ period, unit, allowed, scope: name, renewsAt });
    return {
      async release(settlement) {
        const used =
          settlement === undefined
            ? 0
            : toPoints(unit === 'usd' ? (settlement.costInUsd ?? 0) : settlement.tokens);
        await budgets.adjust(key, used - reserved, { limit, backend: taken.backend, durationInSeconds });
      },
    };
  }

  /**
   * Takes every hold the call needs at once (one round trip to Redis, not one per limit); when any
   * refuses, the ones taken are given back and the first refusal, in scope order, is thrown.
   */
  async function holdsFor(admission: ToolCallAdmission): Promise<Hold[]> {
    const takes: Array<Promise<Hold>> = [];
    for (const { key, name, limits } of scopesOf(admission.caller)) {
      if (limits.concurrentCalls != null) takes.push(holdSlot(key, name, limits.concurrentCalls));
      if (limits.tokensPerMinute != null)
        takes.push(holdTokens(key, name, limits.tokensPerMinute, admission.estimatedTokens));
      for (const period of ['daily', 'monthly'] as const) {
        const budget = period === 'daily' ? limits.dailyBudget : limits.monthlyBudget;
        if (budget?.tokens != null)
          takes.push(holdBudget(key, name, period, 'tokens', budget.tokens, admission.estimatedTokens));
        if (budget?.usd != null)
          takes.push(holdBudget(key, name, period, 'usd', budget.usd, admission.estimatedCostInUsd ?? 0));
      }
    }
    const outcomes = await Promise.allSettled(takes);
    const holds = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refusal !== undefined) {
      emitRefusal(admission.caller.tenantId, refusal.reason);
      await releaseAll(holds, undefined);
      throw refusal.reason;
    }
    return holds;
  }

  async function releaseAll(holds: readonly Hold[], settlement: ToolCallSettlement | undefined) {
    await Promise.all(
      holds.map((hold) =>
        hold.release(settlement).catch((error: unknown) => {
          log?.(`exai: warning: could not reconcile a limit after a call: ${String(error)}`);
        }),
      ),
    );
  }

  return {
    readiness: (options) => counters.readiness(options),
    async admitRequest(caller) {
      for (const { key, name, limits } of scopesOf(caller)) {
        const limit = limits.requestsPerMinute;
        if (limit == null) continue;
        const taken = await requests.take(key, 1, { limit });
        if (!taken.admitted) {
          const error = new RateLimitedError({
            limit: 'requests per minute',
            allowed: limit,
            scope: name,
            retryAfterInMs: taken.msBeforeNext,
          });
          emitRefusal(caller.tenantId, error);
          throw error;
        }
      }
    },
    async admit(admission): Promise<ToolCallReservation> {
      const holds = await holdsFor(admission);
      let settled = false;
      return {
        async settle(settlement) {
          if (settled) return;
          settled = true;
          await releaseAll(holds, settlement);
        },
      };
    },
  };
}

export type { CounterBackend, LimitsReadiness };
