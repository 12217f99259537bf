import type { Redis, RedisOptions } from 'ioredis';

/** What the daemon shares through Redis (limits, cancels, stream events) connects with this. */
export interface ConnectRedisOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (from `EXAI_REDIS_URL`). */
  url: string;
  /** Prefix for every key, so several deployments can share one Redis. Default `exai:`. */
  keyPrefix?: string;
  /** How long one command may wait for a connection before failing. Default 2 s. */
  connectTimeoutInMs?: number;
}

/**
 * Opens one ioredis client, loaded lazily so a daemon without Redis never imports it. Commands fail
 * fast while Redis is unreachable (no offline queue, one retry per request) so callers can choose
 * between failing closed and falling back; the client keeps reconnecting in the background.
 */
export async function connectRedis({
  url,
  keyPrefix = 'exai:',
  connectTimeoutInMs = 2_000,
}: ConnectRedisOptions): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  const options: RedisOptions = {
    keyPrefix,
    connectTimeout: connectTimeoutInMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  const client = new RedisClient(url, options);
  // Without a listener an unreachable Redis would crash the process with an unhandled 'error'.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    // Otherwise the client would keep reconnecting in the background and the process never exit.
    client.disconnect();
    throw error;
  }
  return client;
}
