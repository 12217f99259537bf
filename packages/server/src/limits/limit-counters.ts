import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { LimitsUnavailableError } from '@exai/mcp';
import { answerWithin } from '../deadline/answer-within.js';

/** What to do while Redis cannot be reached: refuse every call (default), or count per replica. */
export type RedisUnavailablePolicy = 'fail-closed' | 'local';

export interface LimitCountersOptions {
  /** Shared counters across replicas; without it every count is in this process's memory. */
  redis?: Redis | undefined;
  onRedisUnavailable?: RedisUnavailablePolicy;
  /** Starts every counter's key (after the Redis client's own prefix). Default `limits`. */
  keyPrefix?: string;
  log?: (line: string) => void;
}

/** Where a take was counted, so its refund goes to the same place. */
export type CounterBackend = 'redis' | 'memory';

export interface Take {
  admitted: boolean;
  /** Until the window resets. */
  msBeforeNext: number;
  backend: CounterBackend;
}

/** One kind of counter (`requests`, `tokens`, …) with a window of `durationInSeconds`. */
export interface LimitCounter {
  /**
   * Adds `points` to `key` atomically and says whether the total stays within `limit`. A refused
   * take is undone when `undoRefused` (reservations), so it does not count; a refused request does.
   */
  take(
    key: string,
    points: number,
    {
      limit,
      durationInSeconds,
      undoRefused,
    }: { limit: number; durationInSeconds?: number; undoRefused?: boolean },
  ): Promise<Take>;
  /** Adds (positive) or gives back (negative) points counted earlier on `backend`. */
  adjust(
    key: string,
    points: number,
    options: { limit: number; backend: CounterBackend; durationInSeconds?: number },
  ): Promise<void>;
}

/**
 * Whether the limits can count now: `ok` (in memory, or Redis answers), `degraded` (Redis does not
 * answer and the policy is `local`: counted per replica) or `unavailable` (Redis does not answer
 * and the policy is `fail-closed`: every call is refused).
 */
export interface LimitsReadiness {
  /** Where the counters live: `redis` (shared by the replicas) or `memory` (this process). */
  counters: CounterBackend;
  status: 'ok' | 'degraded' | 'unavailable';
}

export interface LimitCounters {
  counter(kind: string, defaultDurationInSeconds: number): LimitCounter;
  /**
   * Asks Redis (a PING, given up after `timeoutInMs`) whether the shared counters can be reached
   * now, for a readiness probe; an outage or a recovery it finds is logged like one a call finds.
   */
  readiness(options?: { timeoutInMs?: number }): Promise<LimitsReadiness>;
}

/**
 * Counters on `rate-limiter-flexible`: Redis (one atomic Lua script per take, so N replicas share
 * one exact count) when given, else memory. While Redis fails the policy decides: `fail-closed`
 * throws `LimitsUnavailableError`, `local` counts in memory; each outage is logged once, and so is
 * the recovery.
 */
export function createLimitCounters({
  redis,
  onRedisUnavailable = 'fail-closed',
  keyPrefix = 'limits',
  log = () => {},
}: LimitCountersOptions = {}): LimitCounters {
  let down = false;
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (backend: CounterBackend, kind: string, points: number, duration: number) => {
    const shared = backend === 'redis' && redis !== undefined;
    const id = `${shared ? 'redis' : 'memory'}:${kind}:${points}`;
    let found = limiters.get(id);
    if (found === undefined) {
      const options = { keyPrefix: `${keyPrefix}:${kind}`, points, duration };
      found = shared
        ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
        : new RateLimiterMemory(options);
      limiters.set(id, found);
    }
    return found;
  };
  const noteOutage = (error: unknown) => {
    if (!down) {
      down = true;
      log(
        `exai: warning: Redis is unreachable (${error instanceof Error ? error.message : String(error)}); ` +
          (onRedisUnavailable === 'local'
            ? 'limits are now counted per replica until it is back'
            : 'calls are refused until it is back (limits.redis.onUnavailable: "fail-closed")'),
      );
    }
  };
  const failed = (error: unknown): CounterBackend => {
    noteOutage(error);
    if (onRedisUnavailable === 'local') return 'memory';
    throw new LimitsUnavailableError({ cause: error });
  };
  const recovered = () => {
    if (down) {
      down = false;
      log('exai: Redis is reachable again; limits are shared across replicas');
    }
  };

  /** Runs on Redis when there is one, else (or when it fails and the policy allows) in memory. */
  async function run<T>(
    operation: (backend: CounterBackend) => Promise<T>,
  ): Promise<{ value: T; backend: CounterBackend }> {
    if (redis === undefined) return { value: await operation('memory'), backend: 'memory' };
    try {
      const value = await operation('redis');
      recovered();
      return { value, backend: 'redis' };
    } catch (error) {
      const fallback = failed(error);
      return { value: await operation(fallback), backend: fallback };
    }
  }

  return {
    async readiness({ timeoutInMs = 1_000 } = {}) {
      if (redis === undefined) return { counters: 'memory', status: 'ok' };
      try {
        await answerWithin(redis.ping(), timeoutInMs, 'answer to PING');
        recovered();
        return { counters: 'redis', status: 'ok' };
      } catch (error) {
        noteOutage(error);
        return { counters: 'redis', status: onRedisUnavailable === 'local' ? 'degraded' : 'unavailable' };
      }
    },
    counter(kind, defaultDurationInSeconds) {
      const limiterOf = (backend: CounterBackend, limit: number) =>
        limiter(backend, kind, limit, defaultDurationInSeconds);
      return {
        async take(
          key,
          points,
          { limit, durationInSeconds = defaultDurationInSeconds, undoRefused = false },
        ) {
          const options = { customDuration: durationInSeconds };
          const { value, backend } = await run(async (backend) => {
            try {
              return {
                admitted: true,
                result: await limiterOf(backend, limit).consume(key, points, options),
              };
            } catch (error) {
              // rate-limiter-flexible refuses with a result; anything else is the store failing.
              if (error instanceof RateLimiterRes) return { admitted: false, result: error };
              throw error;
            }
          });
          if (!value.admitted && undoRefused && points > 0) {
            await limiterOf(backend, limit)
              .reward(key, points, options)
              .catch(() => {});
          }
          return { admitted: value.admitted, msBeforeNext: value.result.msBeforeNext, backend };
        },
        async adjust(key, points, { limit, backend, durationInSeconds = defaultDurationInSeconds }) {
          if (points === 0) return;
          const options = { customDuration: durationInSeconds };
          const target = limiterOf(backend, limit);
          try {
            await (points > 0 ? target.penalty(key, points, options) : target.reward(key, -points, options));
            if (backend === 'redis') recovered();
          } catch (error) {
            if (backend !== 'redis' || redis === undefined) throw error;
            // The call has ended either way: a correction lost to an outage is noted with the
            // outage (once), not per call.
            noteOutage(error);
          }
        },
      };
    },
  };
}
