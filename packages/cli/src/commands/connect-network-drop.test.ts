import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  createFakeUpstream,
  createTcpProxy,
  type FakeUpstream,
  type FakeUpstreamResponseInfo,
  type TcpProxy,
} from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectBridgedClient } from '../connect/connect-test-helpers.js';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
/** How each upstream exchange ended: `client-aborted` means the daemon stopped the model call. */
const outcomes: FakeUpstreamResponseInfo[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream({ onResponse: (info) => outcomes.push(info) });
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  upstream.reset();
  outcomes.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const chatOutcomes = () =>
  outcomes.filter((info) => info.request.path.endsWith('/chat/completions')).map((info) => info.outcome);

/**
 * Spawns the built `exai serve --http` (session mode, SQLite store, resumable streams) answering
 * with the fake upstream, and a TCP proxy in front of it standing in for the network between the
 * bridge and the daemon. Returns the proxy's MCP URL.
 */
async function startDaemonBehindProxy() {
  const home = mkdtempSync(join(tmpdir(), 'exai-connect-drop-'));
  cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
  // The proxy listens on a port of its own: allow 127.0.0.1 on any port, as for a port forward.
  const args = ['serve', '--http', '--no-auth', '--port', '0', '--allowed-hosts', '127.0.0.1'];
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      EXAI_STORE: `sqlite:${join(home, 'exai.db')}`,
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
  const port = Number(new URL(/MCP server on (http:\/\/\S+)/.exec(stderr)![1]!).port);
  const proxy: TcpProxy = await createTcpProxy({ target: { port } });
  cleanups.push(() => proxy.close());
  return {
    url: `http://127.0.0.1:${proxy.port}/mcp`,
    proxy,
    stderr: () => stderr,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts a chat call that asks for progress; resolves once its first progress notification
 * arrived, with the call's outcome still to come.
 */
async function startChat(client: Client) {
  const progress: number[] = [];
  const call = client
    .callTool({ name: 'chat', arguments: { prompt: 'Think long.', model: 'kimi:kimi-k2' } }, undefined, {
      onprogress: ({ progress: value }) => progress.push(value),
    })
    .then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error }),
    );
  await expect.poll(() => progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await upstream.waitForRequests(1);
  return { outcome: call };
}

function textOf(result: unknown): string {
  return ((result as { content?: Array<{ text?: string }> }).content ?? [])
    .map((part) => part.text ?? '')
    .join('');
}

describe('exai connect across a network drop (built binaries, TCP proxy)', () => {
  it('hands the client the answer of a call in flight when the network drops for 300 ms, and the daemon finishes the call', async () => {
    const daemon = await startDaemonBehindProxy();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'connect', daemon.url],
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stderr: 'pipe',
    });
    let bridgeLog = '';
    transport.stderr?.on('data', (chunk: Buffer) => (bridgeLog += chunk.toString()));
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(transport);
    cleanups.push(() => client.close());

    upstream.enqueue({ reply: { text: 'one two three four five six', chunks: 6 }, chunkDelayMs: 400 });
    const { outcome } = await startChat(client);
    await daemon.proxy.cut();
    await sleep(300);
    await daemon.proxy.restore();
    const { result, error } = await outcome;
    expect(error, bridgeLog).toBeUndefined();
    expect(result?.isError, bridgeLog).toBeFalsy();
    expect(textOf(result)).toContain('one two three four five six');
    expect(bridgeLog).toMatch(/was cut off; resuming it after event/);
    expect(bridgeLog).toMatch(/resumed the answer to request \S+ \(attempt \d+\)/);
    // The daemon ran the model call to its end: nothing stopped it.
    await expect.poll(chatOutcomes).toEqual(['completed']);
    expect(daemon.stderr()).toMatch(/chat ok/);
    // The session the answer came back on is deleted once it carries nothing any more.
    const firstSession = /: connected to \S+ \(session ([\w-]+)\)/.exec(bridgeLog)?.[1];
    await expect.poll(daemon.stderr).toContain(`MCP session ${firstSession} closed`);
  }, 60_000);

  it('answers with the lost-connection error once the resume has been retried for the bound, then stops the call when the daemon is back', async () => {
    const daemon = await startDaemonBehindProxy();
    const maxResumeWaitInMs = 2_000;
    const bridged = await connectBridgedClient({ url: daemon.url, maxResumeWaitInMs });
    cleanups.push(() => bridged.close());

    upstream.enqueue({ reply: { text: 'word '.repeat(40), chunks: 40 }, chunkDelayMs: 500 });
    const { outcome } = await startChat(bridged.client);
    await daemon.proxy.cut();
    const cutAt = Date.now();
    const { error } = await outcome;
    const waited = Date.now() - cutAt;
    expect(String(error)).toMatch(
      /connection to the exai daemon at .* was lost before it answered \(connect ECONNREFUSED .*\); the request may or may not have run/,
    );
    expect(waited).toBeGreaterThanOrEqual(maxResumeWaitInMs - 100);
    expect(waited).toBeLessThan(maxResumeWaitInMs + 5_000);
    expect(bridged.logs.join('\n')).toMatch(/gave up resuming/);
    // Until the bound ran out the daemon kept running the call; once reachable, the session left
    // behind is deleted, which stops it.
    expect(chatOutcomes()).toEqual([]);
    await daemon.proxy.restore();
    await expect.poll(chatOutcomes, { timeout: 10_000 }).toEqual(['client-aborted']);
  }, 60_000);

  it('answers with the lost-connection error after the bound when the daemon is really gone', async () => {
    const daemon = await startDaemonBehindProxy();
    const maxResumeWaitInMs = 1_500;
    const bridged = await connectBridgedClient({ url: daemon.url, maxResumeWaitInMs });
    cleanups.push(() => bridged.close());

    upstream.enqueue({ reply: { text: 'word '.repeat(40), chunks: 40 }, chunkDelayMs: 500 });
    const { outcome } = await startChat(bridged.client);
    await daemon.kill();
    const killedAt = Date.now();
    const { error } = await outcome;
    const waited = Date.now() - killedAt;
    expect(String(error)).toMatch(/connection to the exai daemon at .* was lost before it answered/);
    expect(waited).toBeGreaterThanOrEqual(maxResumeWaitInMs - 100);
    expect(waited).toBeLessThan(maxResumeWaitInMs + 5_000);
    // The bridge is not stuck on the resume: a later request gets the unreachable error.
    await expect(bridged.client.ping()).rejects.toThrow(/is unreachable .*exai serve --http/);
  }, 60_000);
});
