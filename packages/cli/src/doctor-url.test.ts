import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { createSelfSignedCertificate } from '@exai/testkit';
import { createExaiServer, type ExaiRuntime } from '@exai/mcp';
import { serveHttp, type CheckReady, type HttpServing } from '@exai/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from './doctor/doctor-check.js';
import { runCli } from './program.js';

let home: string;
let certificate: { cert: string; key: string };
let serving: HttpServing | undefined;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-doctor-url-'));
  certificate = createSelfSignedCertificate();
  writeFileSync(join(home, 'cert.pem'), certificate.cert);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(async () => {
  await serving?.close();
  serving = undefined;
});

/** A real daemon on HTTPS with its own certificate; `ready` decides what its store check says. */
async function startDaemon(ready: CheckReady = () => Promise.resolve()): Promise<HttpServing> {
  const store = createMemorySessionStore();
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [] }),
    store,
    version: '9.9.9-test',
    logger: () => {},
  };
  serving = await serveHttp({
    createServer: () => createExaiServer(runtime),
    port: 0,
    stateless: true,
    checkReady: ready,
    logger: () => {},
    tls: certificate,
  });
  return serving;
}

async function doctor(argv: string[], env: Record<string, string> = {}) {
  const run = async (json: boolean) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli({
      argv: ['doctor', ...argv, ...(json ? ['--json'] : [])],
      env: { HOME: home, NO_COLOR: '1', ...env },
      cwd: home,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  };
  const json = await run(true);
  const text = await run(false);
  expect(text.code).toBe(json.code);
  const { checks } = JSON.parse(json.stdout) as { ok: boolean; checks: DoctorCheck[] };
  return { code: json.code, checks, text: text.stdout, stderr: text.stderr };
}

const ca = () => join(home, 'cert.pem');

describe('exai doctor --url', () => {
  it("reads a ready daemon's /livez and /readyz over HTTPS with --ca", async () => {
    const { url } = await startDaemon();
    const result = await doctor(['--url', url, '--ca', ca()]);
    expect(result.code).toBe(0);
    expect(result.checks).toEqual([
      { name: 'daemon', status: 'ok', detail: `${url.replace(/\/mcp$/, '')} is up (/livez)` },
      { name: 'ready', status: 'ok', detail: '/readyz: ready (store reachable, not draining)' },
    ]);
    expect(result.text).toMatch(/✓ ok +daemon +https:/);
    expect(result.text).toContain('2 ok, 0 warnings, 0 failed');
  });

  it("shows the providers of the daemon's configuration, and warns when none has a key", async () => {
    const { url } = await startDaemon(async () => ({
      store: 'reachable',
      config: { status: 'loaded', providers: ['kimi', 'glm'], keyless: ['ollama'] },
    }));
    const result = await doctor(['--url', url, '--ca', ca()]);
    expect(result.code).toBe(0);
    expect(result.checks[2]).toEqual({
      name: 'config',
      status: 'ok',
      detail: '/readyz: config loaded, providers with a key: kimi, glm; needing no key: ollama',
    });
    expect(result.text).toContain('3 ok, 0 warnings, 0 failed');
    await serving!.close();

    const none = await startDaemon(async () => ({
      config: { status: 'loaded', providers: [], keyless: ['ollama'] },
    }));
    const warned = await doctor(['--url', none.url, '--ca', ca()]);
    expect(warned.code).toBe(0);
    expect(warned.checks[2]).toMatchObject({
      name: 'config',
      status: 'warn',
      detail: '/readyz: config loaded, but no provider has an API key; needing no key: ollama',
      fix: expect.stringContaining('KIMI_API_KEY'),
    });
  });

  it('fails, naming the reason, when the store does not answer or the daemon is draining', async () => {
    const { url } = await startDaemon(() => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:5432')));
    const unready = await doctor(['--url', url, '--ca', ca()]);
    expect(unready.code).toBe(1);
    expect(unready.checks[1]).toMatchObject({
      name: 'ready',
      status: 'fail',
      detail: '/readyz: not ready (the store is unreachable)',
    });
    expect(unready.text).toContain('fix: check the daemon');

    serving!.startDraining();
    const draining = await doctor(['--url', url, '--ca', ca()]);
    expect(draining.code).toBe(1);
    expect(draining.checks[1]).toMatchObject({ status: 'fail', detail: expect.stringContaining('draining') });
  });

  it('points at Redis, not the store, when limits that fail closed cannot reach it', async () => {
    const { url } = await startDaemon(async () => ({
      store: 'reachable',
      limits: { counters: 'redis', status: 'unavailable' },
    }));
    const unready = await doctor(['--url', url, '--ca', ca()]);
    expect(unready.code).toBe(1);
    expect(unready.checks[1]).toMatchObject({
      name: 'ready',
      status: 'fail',
      detail: '/readyz: not ready (the tenant limits cannot reach Redis and fail closed)',
      fix: expect.stringContaining('EXAI_REDIS_URL'),
    });
  });

  it('warns, staying ready, while limits counted in Redis fall back to each replica; ok once Redis answers', async () => {
    let status: 'degraded' | 'ok' = 'degraded';
    const { url } = await startDaemon(async () => ({
      store: 'reachable',
      limits: { counters: 'redis', status },
    }));
    const degraded = await doctor(['--url', url, '--ca', ca()]);
    expect(degraded.code).toBe(0);
    expect(degraded.checks[1]).toMatchObject({ name: 'ready', status: 'ok' });
    expect(degraded.checks[2]).toMatchObject({
      name: 'limits',
      status: 'warn',
      detail:
        '/readyz: the tenant limits cannot reach Redis and are counted per replica meanwhile, so a ' +
        'limit may pass once per replica',
      fix: expect.stringContaining('EXAI_REDIS_URL'),
    });
    expect(degraded.text).toContain('1 warning');

    status = 'ok';
    const shared = await doctor(['--url', url, '--ca', ca()]);
    expect(shared.checks[2]).toMatchObject({
      name: 'limits',
      status: 'ok',
      detail: '/readyz: tenant limits counted in Redis (shared by the replicas)',
    });
  });

  it('says in one line, without a stack, when the daemon cannot be reached or its certificate is not trusted', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createNetServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const closed = await doctor(['--url', `http://127.0.0.1:${port}/mcp`]);
    expect(closed.code).toBe(1);
    expect(closed.checks).toEqual([
      {
        name: 'daemon',
        status: 'fail',
        detail: `cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`,
        fix: expect.stringContaining('exai serve --http'),
      },
    ]);
    expect(closed.text).not.toMatch(/\n\s+at /);
    expect(closed.stderr).toBe('');

    const { url } = await startDaemon();
    const untrusted = await doctor(['--url', url]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.checks[0]).toMatchObject({ name: 'daemon', status: 'fail' });
    expect(untrusted.checks[0]!.detail).toMatch(
      /cannot reach https:\/\/127.0.0.1:\d+ \((SELF_SIGNED|DEPTH_ZERO|UNABLE)\w*\)/,
    );
    expect(untrusted.checks[0]!.fix).toContain('--ca FILE');
  });

  it('sends EXAI_API_KEY and --header like exai connect', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const proxy = createServer((request, response) => {
      seen.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ status: request.url === '/livez' ? 'ok' : 'ready' }));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as { port: number };
      const result = await doctor(['--url', `http://127.0.0.1:${port}/mcp`, '--header', 'X-Team: blue'], {
        EXAI_API_KEY: 'exai_key_for_the_proxy',
      });
      expect(result.code).toBe(0);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      for (const headers of seen) {
        expect(headers.authorization).toBe('Bearer exai_key_for_the_proxy');
        expect(headers['x-team']).toBe('blue');
      }
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses a URL that is not http(s), and --ca without --url', async () => {
    const bad = await runCli({
      argv: ['doctor', '--url', 'ftp://example'],
      env: { HOME: home, NO_COLOR: '1' },
      cwd: home,
      stdout: { write: () => true },
      stderr: { write: () => true },
    });
    expect(bad).toBe(2);
    let stderr = '';
    const lonely = await runCli({
      argv: ['doctor', '--ca', ca()],
      env: { HOME: home, NO_COLOR: '1' },
      cwd: home,
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(lonely).toBe(2);
    expect(stderr).toContain('--header and --ca go with --url');
  });
});
