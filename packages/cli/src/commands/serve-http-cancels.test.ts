import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectRedis } from '@exai/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueRedisPrefix } from '../test-helpers/test-redis.js';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let home: string;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something listens at the test Redis's address (skipped loudly when not, unless CI). */
async function redisListens(): Promise<boolean> {
  const { hostname, port } = new URL(redisUrl);
  const listens = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (!listens && process.env.CI === 'true')
    throw new Error(`Redis at ${redisUrl} is unreachable and CI=true`);
  if (!listens) console.warn(`\n!!! SKIPPING A REDIS TEST: nothing listens at ${redisUrl}. !!!\n`);
  return listens;
}
const redisAvailable = await redisListens();

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  home = mkdtempSync(join(tmpdir(), 'exai-cancels-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/**
 * Starts `exai serve --http --stateless` with `redisUrl` (and `env`), runs `whileServing`, stops
 * it, and returns its stderr.
 */
async function startAndStop(
  redisUrl: string,
  { env = {}, whileServing }: { env?: Record<string, string>; whileServing?: () => Promise<void> } = {},
): Promise<{ stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [bin, 'serve', '--http', '--stateless', '--port', '0'], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      EXAI_REDIS_URL: redisUrl,
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
  try {
    await whileServing?.();
  } finally {
    child.kill('SIGTERM');
  }
  const code = await exited;
  return { stderr, code };
}

describe('exai serve --http --stateless with EXAI_REDIS_URL (built binary)', () => {
  it.skipIf(!redisAvailable)('shares cancels through Redis and says so at start-up', async () => {
    const { stderr, code } = await startAndStop(redisUrl);
    expect(stderr).toMatch(/cancels: Redis\)/);
    expect(stderr).not.toMatch(/unreachable/);
    expect(code).toBe(0);
  });

  it.skipIf(!redisAvailable)(
    'listens for cancels on the channel of its EXAI_REDIS_KEY_PREFIX, so deployments sharing a Redis stay apart',
    async () => {
      const prefix = uniqueRedisPrefix();
      const redis = await connectRedis({ url: redisUrl, keyPrefix: '' });
      const listeners = async (channel: string) => {
        const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
        return Number(count);
      };
      try {
        const { code } = await startAndStop(redisUrl, {
          env: { EXAI_REDIS_KEY_PREFIX: prefix },
          whileServing: async () => {
            await expect.poll(() => listeners(`${prefix}cancel`)).toBe(1);
          },
        });
        expect(code).toBe(0);
      } finally {
        redis.disconnect();
      }
    },
  );

  it('keeps cancels in this process when Redis is unreachable, says so once, and still serves', async () => {
    const { stderr, code } = await startAndStop('redis://127.0.0.1:1');
    expect(stderr.match(/EXAI_REDIS_URL\) is unreachable/g)).toHaveLength(1);
    expect(stderr).toMatch(/cancels: in memory \(this process only\)\)/);
    expect(code).toBe(0);
  });
});
