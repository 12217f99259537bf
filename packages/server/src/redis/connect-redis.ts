import type { Redis, RedisOptions } from 'ioredis';
import { answerWithin } from '../deadline/answer-within.js';

/**
 * Where a deployment keeps what it shares through Redis. Both parts travel together: every key and
 * every pub/sub channel starts with `keyPrefix`, so deployments that share one Redis never see
 * each other's counters, cancels, stream events or cache entries. The CLI builds it from
 * `EXAI_REDIS_URL` and `EXAI_REDIS_KEY_PREFIX` in one place.
 */
export interface RedisSettings {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (from `EXAI_REDIS_URL`). */
  url: string;
  /** Starts every key and channel, e.g. `exai:` (the CLI's default). */
  keyPrefix: string;
}

/** What the daemon shares through Redis (limits, cancels, stream events, cache) connects with this. */
export interface ConnectRedisOptions extends RedisSettings {
  /** How long connecting may take, until Redis has answered its first command. Default 2 s. */
  connectTimeoutInMs?: number;
  /** How long any command may wait for Redis's answer before it fails. Default 2 s. */
  commandTimeoutInMs?: number;
}

/**
 * Opens one ioredis client, loaded lazily so a daemon without Redis never imports it. The client
 * puts `keyPrefix` in front of every key it sends; channels are not keys to Redis, so name them
 * with `redisChannel`. Commands fail fast while Redis is unreachable (no offline queue, one retry
 * per request), and so do connecting and every command when Redis accepts the connection but never
 * answers (a hung server, a dead peer behind a proxy), so callers can choose between failing closed
 * and falling back; the client keeps reconnecting in the background.
 */
export async function connectRedis({
  url,
  keyPrefix,
  connectTimeoutInMs = 2_000,
  commandTimeoutInMs = 2_000,
}: ConnectRedisOptions): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  const options: RedisOptions = {
    keyPrefix,
    connectTimeout: connectTimeoutInMs,
    commandTimeout: commandTimeoutInMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  const client = new RedisClient(url, options);
  // Without a listener an unreachable Redis would crash the process with an unhandled 'error'.
  let lastError: unknown;
  client.on('error', (error) => (lastError = error));
  try {
    await answerWithin(client.connect(), connectTimeoutInMs, 'answer from Redis');
  } catch (error) {
    // A client left reconnecting would keep the process alive after the caller gave up; and the
    // socket's error ("connect ECONNREFUSED …") says more than "Connection is closed.".
    client.disconnect();
    throw lastError ?? error;
  }
  return client;
}

/**
 * The full name of a pub/sub channel for a client from `connectRedis`. ioredis prefixes keys but
 * not channels (`PUBLISH`, `SUBSCRIBE`), so a channel named without this would be shared by every
 * deployment on the Redis.
 */
export function redisChannel(redis: Redis, name: string): string {
  return `${redis.options.keyPrefix ?? ''}${name}`;
}
