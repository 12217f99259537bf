import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSessionStore } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
let home: string | undefined;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(() => {
  upstream.reset();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

/** `exai serve` on a SQLite store, one `chat` call sent to an upstream that never answers. */
async function serveWithCallInFlight() {
  home = mkdtempSync(join(tmpdir(), 'exai-stdio-stop-'));
  const database = join(home, 'exai.db');
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      EXAI_STORE: `sqlite:${database}`,
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  upstream.enqueue({ delayBeforeHeadersMs: 600_000 });
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'stop-test', version: '1' },
    },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({
    jsonrpc: '2.0',
    id: 2,
    method: 'tools/call',
    params: { name: 'chat', arguments: { prompt: 'Think for ever.', model: 'kimi-k2' } },
  });
  await upstream.waitForRequests(1, { timeoutInMs: 15_000 });
  const records = async () => {
    const store = await openSessionStore({ kind: 'sqlite', path: database }, { mustExist: true });
    try {
      return {
        usage: (await store.listUsage('default')).items,
        audit: (await store.listAudit('default')).items,
      };
    } finally {
      await store.close();
    }
  };
  return { child, exited, stderr: () => stderr, records };
}

describe('exai serve over stdio stops with a call in flight (built binary)', () => {
  for (const [how, stop] of [
    ['its stdin ends', (child: ReturnType<typeof spawn>) => child.stdin?.end()],
    ['it gets SIGTERM', (child: ReturnType<typeof spawn>) => child.kill('SIGTERM')],
  ] as const) {
    it(`records the call as cancelled before closing the store when ${how}`, async () => {
      const serve = await serveWithCallInFlight();
      stop(serve.child);
      expect(await serve.exited).toBe(0);
      await upstream.waitForClientAbort({ timeoutInMs: 5_000 });
      expect(serve.stderr()).not.toMatch(/store is closed/);
      const { usage, audit } = await serve.records();
      expect(usage).toEqual([expect.objectContaining({ status: 'error', errorCode: 'cancelled' })]);
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'tool.call',
          detail: expect.objectContaining({ outcome: 'cancelled' }),
        }),
      ]);
    }, 60_000);
  }
});
