import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/connect-redis.js';

/** The server the Redis tests use: `REDIS_URL`, or the local standard port. */
export function redisTestUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * Whether the test Redis answers. When it does not, prints a loud line and resolves `false` so the
 * tests skip — except with `CI=true`, where an unreachable server is a failure.
 */
export async function probeRedis(url = redisTestUrl()): Promise<boolean> {
  try {
    const client = await connectRedis({ url, connectTimeoutInMs: 1_000 });
    await client.ping();
    client.disconnect();
    return true;
  } catch (error) {
    const line = `Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable (${String(error)})`;
    if (process.env.CI === 'true')
      throw new Error(`${line}. CI=true, so this is a failure: CI must start Redis.`);
    console.warn(`\n!!! SKIPPING REDIS TESTS: ${line}. Start Redis or set REDIS_URL. !!!\n`);
    return false;
  }
}

/** A client whose keys all carry a prefix of their own, so parallel tests never share counters. */
export async function connectTestRedis(): Promise<Redis> {
  return connectRedis({ url: redisTestUrl(), keyPrefix: `exai-test:${randomBytes(6).toString('hex')}:` });
}
