import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openSessionStore } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
let home: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  upstream.reset();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

/** Spawns the built `exai serve --http` on a SQLite store, with a client connected. */
async function startServe(args: string[]) {
  home = mkdtempSync(join(tmpdir(), 'exai-drain-'));
  const database = join(home, 'exai.db');
  const child = spawn(process.execPath, [bin, 'serve', '--http', '--no-auth', '--port', '0', ...args], {
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
  cleanups.push(async () => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
  const url = /MCP server on (http:\/\/\S+)/.exec(stderr)![1]!;
  const client = new Client({ name: 'drain-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  cleanups.push(() => client.close());
  const readyz = async () => (await fetch(url.replace(/\/mcp$/, '/readyz'))).status;
  const openStore = async () => {
    const store = await openSessionStore({ kind: 'sqlite', path: database }, { mustExist: true });
    cleanups.push(() => store.close());
    return store;
  };
  return { child, url, client, exited, stderr: () => stderr, readyz, openStore };
}

const textOf = (result: object) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((part) => part.text ?? '').join('');

describe('exai serve --http stops gracefully on SIGTERM (built binary)', () => {
  it('refuses new calls, lets the call in flight finish and store its turn, then exits 0', async () => {
    const serve = await startServe(['--drain-timeout', '20']);
    expect(await serve.readyz()).toBe(200);
    upstream.enqueue({ reply: { text: 'Finished while draining.' }, delayBeforeHeadersMs: 2_000 });
    const call = serve.client.callTool({ name: 'chat', arguments: { prompt: 'Take your time.' } });
    await upstream.waitForRequests(1);
    serve.child.kill('SIGTERM');
    await expect.poll(() => serve.readyz()).toBe(503);
    await expect(serve.client.listTools()).rejects.toThrow(/503|shutting down/);
    const result = await call;
    expect(result.isError, serve.stderr()).toBeFalsy();
    expect(textOf(result)).toMatch(/^Finished while draining\./);
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toMatch(/SIGTERM received: draining/);
    const store = await serve.openStore();
    expect((await store.listThreads('default')).items).toHaveLength(1);
    expect((await store.listUsage('default')).items).toEqual([expect.objectContaining({ status: 'ok' })]);
  }, 60_000);

  it('cancels a call still running at the drain deadline: upstream closed, usage cancelled, exit 0', async () => {
    const serve = await startServe(['--drain-timeout', '1']);
    upstream.enqueue({ reply: { text: 'word '.repeat(300), chunks: 300 }, chunkDelayMs: 100 });
    const call = serve.client.callTool({ name: 'chat', arguments: { prompt: 'Write forever.' } }, undefined, {
      onprogress: () => {},
    });
    await upstream.waitForRequests(1);
    serve.child.kill('SIGTERM');
    const result = await call;
    expect(result.isError).toBe(true);
    // It says why, and that calling again will be answered.
    expect(textOf(result)).toMatch(
      /^aborted: The call was stopped because the server is shutting down; call again, and another replica \(or this one, restarted\) will answer\./,
    );
    expect((await upstream.waitForClientAbort({ timeoutInMs: 5_000 })).path).toMatch(/chat\/completions$/);
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toMatch(/cancelling 1 call\(s\) still in flight/);
    const store = await serve.openStore();
    expect((await store.listThreads('default')).items).toEqual([]);
    expect((await store.listUsage('default')).items).toEqual([
      expect.objectContaining({ status: 'error', errorCode: 'cancelled' }),
    ]);
  }, 60_000);
});
