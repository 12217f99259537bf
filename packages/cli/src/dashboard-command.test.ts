import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openSessionStore } from '@exai/storage';
import type { DashboardSnapshot } from '@exai/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let directory: string;
let storePath: string;

function start(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end('');
  const running = runCli({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      NO_COLOR: '1',
      EXAI_STORE: `sqlite:${storePath}`,
    },
    cwd: directory,
    stdin,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { running, stdout: () => stdout, stderr: () => stderr };
}

/** Two tool calls of tenant default and one of acme, as `exai serve` records them. */
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-dashboard-'));
  storePath = join(directory, 'exai.db');
  const store = await openSessionStore({ kind: 'sqlite', path: storePath });
  try {
    if (!(await store.getTenant('default'))) await store.createTenant({ id: 'default' });
    await store.createTenant({ id: 'acme' });
    const call = (tenantId: string, outcome: string, latencyInMs: number) =>
      store.appendAudit({
        tenantId,
        actor: 'local',
        action: 'tool.call',
        target: 'chat',
        detail: {
          tool: 'chat',
          outcome,
          latencyInMs,
          model: 'kimi:kimi-k2-0905-preview',
          arguments: { model: 'kimi-k2' },
        },
      });
    await call('default', 'ok', 120);
    await call('default', 'error', 40);
    await call('acme', 'ok', 300);
    await store.createThread({
      tenantId: 'acme',
      title: 'Review the parser',
      metadata: { tool: 'codereview' },
    });
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exai dashboard', () => {
  it('serves the page over the store, its data only with the token of the address it prints', async () => {
    const cli = start(['dashboard', '--port', '0']);
    await expect
      .poll(cli.stdout, { timeout: 15_000 })
      .toMatch(/exai dashboard: http:\/\/127\.0\.0\.1:\d+\/dashboard#token=\S+\n/);
    const address = /exai dashboard: (\S+)/.exec(cli.stdout())![1]!;
    const [page, token] = address.split('#token=') as [string, string];
    try {
      const shell = await fetch(page);
      expect(shell.status).toBe(200);
      expect(await shell.text()).toContain('<meta name="exai-source" content="store" />');
      expect((await fetch(`${page}/api/snapshot`)).status).toBe(401);
      expect(
        (await fetch(`${page}/api/snapshot`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);

      const answer = await fetch(`${page}/api/snapshot`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      const snapshot = (await answer.json()) as DashboardSnapshot;
      expect(snapshot.source).toBe('store');
      expect(snapshot.scope.tenantId).toBeNull();
      expect(snapshot.tools).toMatchObject([
        { name: 'chat', calls: 3, errors: 1, p50InMs: 120, p95InMs: 300 },
      ]);
      expect(snapshot.breakers).toBeUndefined();
      expect(snapshot.latestCalls.map((call) => call.tenantId).sort()).toEqual([
        'acme',
        'default',
        'default',
      ]);
      const threads = await fetch(`${page}/api/threads?search=parser`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await threads.json()).toMatchObject({
        threads: [{ tenantId: 'acme', title: 'Review the parser' }],
      });
      expect(cli.stderr()).toContain('in-flight calls, queues and breakers show only on a daemon');
    } finally {
      process.emit('SIGTERM');
    }
    expect(await cli.running).toBe(0);
  });

  it('refuses --no-auth off loopback with one line', async () => {
    const cli = start(['dashboard', '--host', '0.0.0.0', '--no-auth']);
    expect(await cli.running).toBe(2);
    expect(cli.stderr()).toContain('exai: invalid_argument: --no-auth is allowed only on a loopback host');
    expect(cli.stderr()).not.toContain('    at ');
  });
});
