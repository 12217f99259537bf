import { randomBytes } from 'node:crypto';
import { connectRedis } from '@exai/server';

/** The Redis server the tests use: `REDIS_URL`, or the local standard port. */
export const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares. */
export function uniqueRedisPrefix(): string {
  return `exai_test_${randomBytes(6).toString('hex')}:`;
}

/**
 * Why the test Redis cannot be reached, or undefined when it answers. Unreachable, it prints a loud
 * line naming the tests that will skip (`what`), except with `CI=true`, where it throws.
 */
export async function redisUnreachable(what: string): Promise<string | undefined> {
  let reason: string | undefined;
  try {
    const client = await connectRedis({
      url: testRedisUrl,
      keyPrefix: uniqueRedisPrefix(),
      connectTimeoutInMs: 1_000,
    });
    await client.ping().finally(() => client.disconnect());
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (reason === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`Redis at ${testRedisUrl} is unreachable in CI: ${reason}`);
  console.warn(`\n!!! SKIPPING ${what}: Redis at ${testRedisUrl} is unreachable (${reason}) !!!\n`);
  return reason;
}
