import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/connect-redis.js';

/** The server the Redis tests use: `REDIS_URL`, or the local standard port. */
export function redisTestUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test run shares. */
export function uniqueRedisPrefix(): string {
  return `exai_test_${randomBytes(6).toString('hex')}:`;
}

let probe: Promise<boolean> | undefined;

/**
 * Whether the test Redis answers (checked once per process). When it does not, prints a loud line
 * and resolves `false` so the tests skip — except with `CI=true`, where that is a failure.
 */
export function probeRedis(url = redisTestUrl()): Promise<boolean> {
  probe ??= (async () => {
    let client: Redis | undefined;
    try {
      client = await connectRedis({ url, keyPrefix: uniqueRedisPrefix(), connectTimeoutInMs: 1_000 });
      await client.ping();
      return true;
    } catch (error) {
      const line = `Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable (${error instanceof Error ? error.message : String(error)})`;
      if (process.env.CI === 'true')
        throw new Error(`${line}. CI=true, so this is a failure: CI must start Redis.`);
      console.warn(`\n!!! SKIPPING REDIS TESTS: ${line}. Start Redis or set REDIS_URL. !!!\n`);
      return false;
    } finally {
      client?.disconnect();
    }
  })();
  return probe;
}

/** A client whose keys all carry a prefix of their own, so parallel tests never share counters. */
export async function connectTestRedis(): Promise<Redis> {
  return connectRedis({ url: redisTestUrl(), keyPrefix: `exai-test:${randomBytes(6).toString('hex')}:` });
}
