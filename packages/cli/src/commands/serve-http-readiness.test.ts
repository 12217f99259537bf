import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTcpProxy } from '@exai/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnreachable, testDatabaseUrl } from '../test-helpers/test-postgres.js';
import { redisUnreachable, testRedisUrl, uniqueRedisPrefix } from '../test-helpers/test-redis.js';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const redisDown = await redisUnreachable('the /readyz test of limits in Redis');
const postgresDown = await postgresUnreachable('the /readyz test of a PostgreSQL store gone silent');
let home: string;

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  home = mkdtempSync(join(tmpdir(), 'exai-readiness-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

async function readyz(mcpUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(mcpUrl.replace(/\/mcp$/, '/readyz'));
  return { status: response.status, body: await response.json() };
}

describe('exai serve --http with limits in Redis (built binary)', () => {
  it.skipIf(redisDown !== undefined)(
    'is not ready while Redis is down and the limits fail closed, and ready again once it is back',
    async () => {
      const { hostname, port } = new URL(testRedisUrl);
      const proxy = await createTcpProxy({ target: { host: hostname, port: Number(port || 6379) } });
      const child = spawn(process.execPath, [bin, 'serve', '--http', '--stateless', '--port', '0'], {
        cwd: home,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          NO_COLOR: '1',
          EXAI_STORE: 'memory',
          EXAI_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
          EXAI_REDIS_KEY_PREFIX: uniqueRedisPrefix(),
          EXAI_REQUESTS_PER_MINUTE: '1000',
        },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
        expect(stderr).toContain('limits in Redis (fail-closed while it is down)');
        const url = /MCP server on (http:\/\/\S+\/mcp)/.exec(stderr)![1]!;
        expect(await readyz(url)).toMatchObject({
          status: 200,
          body: {
            status: 'ready',
            checks: { store: 'reachable', limits: { counters: 'redis', status: 'ok' } },
          },
        });

        await proxy.cut();
        expect(await readyz(url)).toEqual({
          status: 503,
          body: { status: 'unavailable', reason: 'the tenant limits cannot reach Redis and fail closed' },
        });

        await proxy.restore();
        await expect
          .poll(async () => (await readyz(url)).status, { timeout: 10_000, interval: 100 })
          .toBe(200);
      } finally {
        child.kill('SIGTERM');
        await exited;
        await proxy.close();
      }
      expect(stderr).toMatch(/exai: warning: Redis is unreachable .*calls are refused until it is back/);
      expect(stderr).toContain('exai: Redis is reachable again');
    },
  );
});

describe('exai serve --http on PostgreSQL (built binary)', () => {
  it.skipIf(postgresDown !== undefined)(
    'answers /readyz 503 at once while the store is silent (a stalled network), and 200 once it answers',
    async () => {
      const name = `exai_readyz_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const { hostname, port } = new URL(testDatabaseUrl);
      const proxy = await createTcpProxy({ target: { host: hostname, port: Number(port || 5432) } });
      const store = new URL(testDatabaseUrl);
      store.host = `127.0.0.1:${proxy.port}`;
      store.pathname = `/${name}`;
      const child = spawn(
        process.execPath,
        [bin, 'serve', '--http', '--stateless', '--no-auth', '--port', '0'],
        {
          cwd: home,
          env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', EXAI_STORE: store.toString() },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
        const url = /MCP server on (http:\/\/\S+\/mcp)/.exec(stderr)![1]!;
        expect((await readyz(url)).status).toBe(200);

        // Nothing is closed and nothing answers: only a bound of its own ends the probe.
        proxy.freeze();
        expect(await readyz(url)).toEqual({
          status: 503,
          body: { status: 'unavailable', reason: 'the store did not answer in time' },
        });
        const live = await fetch(url.replace(/\/mcp$/, '/livez'));
        expect(live.status).toBe(200);

        proxy.thaw();
        await expect
          .poll(async () => (await readyz(url)).status, { timeout: 30_000, interval: 200 })
          .toBe(200);
      } finally {
        proxy.thaw();
        child.kill('SIGTERM');
        await exited;
        await proxy.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    60_000,
  );
});
