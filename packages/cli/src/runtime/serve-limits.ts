import { ExaiError, InvalidConfigError } from '@exai/core';
import {
  connectRedis,
  createRateLimitMiddleware,
  createTenantLimits,
  hasAnyLimit,
  type HttpMiddleware,
  type LimitSettings,
  type RedisSettings,
  type RedisUnavailablePolicy,
  type TenantLimits,
  type TenantLimitsSettings,
} from '@exai/server';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import { loadRedisSettings, redactRedisUrl } from './redis-settings.js';

const defaultVariables = {
  requestsPerMinute: 'EXAI_REQUESTS_PER_MINUTE',
  tokensPerMinute: 'EXAI_TOKENS_PER_MINUTE',
  concurrentCalls: 'EXAI_CONCURRENT_CALLS',
} as const;

export interface ServeLimitsSettings {
  settings: TenantLimitsSettings;
  /** `EXAI_REDIS_URL` and `EXAI_REDIS_KEY_PREFIX` (see `loadRedisSettings`); undefined counts in memory. */
  redis: RedisSettings | undefined;
  onRedisUnavailable: RedisUnavailablePolicy;
}

/**
 * The daemon's limits from `limits` in the config file, with every tenant's default
 * `requestsPerMinute`, `tokensPerMinute` and `concurrentCalls` overridden by
 * `EXAI_REQUESTS_PER_MINUTE`, `EXAI_TOKENS_PER_MINUTE` and `EXAI_CONCURRENT_CALLS`; the counters in
 * Redis when `EXAI_REDIS_URL` is set (keys under `EXAI_REDIS_KEY_PREFIX`);
 * `EXAI_LIMITS_ON_REDIS_UNAVAILABLE` over `limits.redis.onUnavailable`.
 */
export function serveLimitsSettings(
  config: ExaiConfig,
  env: Readonly<Record<string, string | undefined>>,
): ServeLimitsSettings {
  const fromFile = config.limits ?? {};
  const issues: string[] = [];
  const defaults: LimitSettings = { ...fromFile.defaults };
  for (const [key, variable] of Object.entries(defaultVariables) as Array<
    [keyof typeof defaultVariables, string]
  >) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) issues.push(`${variable}: "${raw}" is not a whole number ≥ 1`);
    else defaults[key] = value;
  }
  const policyRaw = env.EXAI_LIMITS_ON_REDIS_UNAVAILABLE?.trim();
  let onRedisUnavailable: RedisUnavailablePolicy = fromFile.redis?.onUnavailable ?? 'fail-closed';
  if (policyRaw !== undefined && policyRaw !== '') {
    if (policyRaw === 'fail-closed' || policyRaw === 'local') onRedisUnavailable = policyRaw;
    else issues.push(`EXAI_LIMITS_ON_REDIS_UNAVAILABLE: "${policyRaw}" is neither fail-closed nor local`);
  }
  if (issues.length > 0) throw new InvalidConfigError({ source: 'the environment', issues });
  return {
    settings: { defaults, tenants: fromFile.tenants ?? {} },
    redis: loadRedisSettings(env),
    onRedisUnavailable,
  };
}

export interface ServeLimits {
  /** For `runtime.callLimits`: tokens per minute, concurrent calls and budgets per model call. */
  limits: TenantLimits;
  /** For the HTTP chain's limits slot: requests per minute. */
  middleware: HttpMiddleware;
  /** For the start-up line: `limits in Redis (fail-closed)` or `limits in memory`. */
  description: string;
  close(): Promise<void>;
}

/**
 * Opens the limits `exai serve --http` enforces, or undefined when none is configured. With
 * `EXAI_REDIS_URL` the counters are shared by every replica; a Redis unreachable at start-up stops
 * the daemon when it fails closed (it could admit nothing), and is logged and counted per replica
 * when it is set to `local`.
 */
export async function openServeLimits({
  config,
  env,
  log,
}: {
  config: ExaiConfig;
  env: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
}): Promise<ServeLimits | undefined> {
  const { settings, redis: redisSettings, onRedisUnavailable } = serveLimitsSettings(config, env);
  if (!hasAnyLimit(settings)) return undefined;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  if (redisSettings !== undefined) {
    const where = redactRedisUrl(redisSettings.url);
    try {
      redis = await connectRedis(redisSettings);
    } catch (error) {
      const reason = ExaiError.isInstance(error) || error instanceof Error ? error.message : String(error);
      if (onRedisUnavailable === 'fail-closed') {
        throw new InvalidConfigError({
          source: 'EXAI_REDIS_URL',
          issues: [
            `Redis at ${where} cannot be reached (${reason}); limits fail closed, so the ` +
              'daemon would refuse every call. Start Redis or fix EXAI_REDIS_URL, or set ' +
              'limits.redis.onUnavailable (EXAI_LIMITS_ON_REDIS_UNAVAILABLE) to "local" to count per replica.',
          ],
        });
      }
      log(
        `exai: warning: Redis at ${where} cannot be reached (${reason}); limits are counted ` +
          'per replica (limits.redis.onUnavailable: "local")',
      );
    }
  }
  const limits = createTenantLimits({ settings, redis, onRedisUnavailable, log });
  return {
    limits,
    middleware: createRateLimitMiddleware({ limits }),
    description:
      redis === undefined ? 'limits in memory' : `limits in Redis (${onRedisUnavailable} while it is down)`,
    async close() {
      redis?.disconnect();
    },
  };
}
