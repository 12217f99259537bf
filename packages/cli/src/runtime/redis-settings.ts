import type { RedisSettings } from '@exai/server';

/** What every Redis key and channel starts with when `EXAI_REDIS_KEY_PREFIX` is not set. */
export const DEFAULT_REDIS_KEY_PREFIX = 'exai:';

/**
 * The one place the daemon reads its Redis from: `EXAI_REDIS_URL`, and `EXAI_REDIS_KEY_PREFIX`
 * (default `exai:`) that starts every key and channel, so deployments sharing one Redis stay apart.
 * Undefined without a URL. Everything that opens Redis — limits, cancels, stream events, the
 * response cache — takes these settings whole, so none can connect without the prefix. (Only types
 * come from `@exai/server`, which stays unloaded until Redis or HTTP is used.)
 */
export function loadRedisSettings(
  env: Readonly<Record<string, string | undefined>>,
): RedisSettings | undefined {
  const url = env.EXAI_REDIS_URL?.trim();
  if (url === undefined || url === '') return undefined;
  const keyPrefix = env.EXAI_REDIS_KEY_PREFIX?.trim();
  return {
    url,
    keyPrefix: keyPrefix === undefined || keyPrefix === '' ? DEFAULT_REDIS_KEY_PREFIX : keyPrefix,
  };
}

/** A Redis URL with its password hidden, for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
