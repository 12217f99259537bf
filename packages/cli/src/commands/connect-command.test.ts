import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../connect/bridge-test-harness.js';
import { startTestDaemon, type TestDaemon } from '../connect/connect-test-helpers.js';
import { runCli } from '../program.js';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let daemon: TestDaemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function runConnectCli(argv: string[], env: Record<string, string> = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let stderr = '';
  const exitCode = runCli({
    argv: ['connect', ...argv],
    env,
    stdin,
    stdout,
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { stdin, stdout, exitCode, stderr: () => stderr };
}

describe('exai connect (runCli)', () => {
  it('bridges an MCP client to the daemon with --header and EXAI_CONNECT_TOKEN, and exits 0 when stdin ends', async () => {
    daemon = await startTestDaemon();
    const { stdin, stdout, exitCode, stderr } = await runConnectCli(
      [daemon.url, '--header', 'X-Team: blue'],
      {
        EXAI_CONNECT_TOKEN: 'secret-token',
      },
    );
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(new StdioServerTransport(stdout, stdin));
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
    expect(textOf(result)).toBe('echo: hello');
    expect(result.structuredContent).toEqual({ authorization: 'Bearer secret-token' });
    expect(daemon.requests.every((request) => request.headers['x-team'] === 'blue')).toBe(true);

    stdin.end();
    expect(await exitCode).toBe(0);
    expect(daemon.sessionCount()).toBe(0);
    expect(stderr()).toContain(`exai connect: connected to ${daemon.url}`);
    expect(stderr()).not.toContain('secret-token');
  });

  it('lets an explicit --header Authorization win over EXAI_CONNECT_TOKEN', async () => {
    daemon = await startTestDaemon();
    const { stdin, stdout, exitCode } = await runConnectCli(
      [daemon.url, '-H', 'authorization: Bearer from-flag'],
      {
        EXAI_CONNECT_TOKEN: 'from-env',
      },
    );
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(new StdioServerTransport(stdout, stdin));
    const result = await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    expect(result.structuredContent).toEqual({ authorization: 'Bearer from-flag' });
    stdin.end();
    expect(await exitCode).toBe(0);
  });

  it.each([
    [['not a url'], /the <url> argument of exai connect must be an http:\/\/ or https:\/\/ URL.*"not a url"/],
    [['ftp://127.0.0.1/mcp'], /the <url> argument .*"ftp:\/\/127\.0\.0\.1\/mcp"/],
    [['http://user:pass@127.0.0.1/mcp'], /must not carry a user name or password/],
    [['http://127.0.0.1:8765/mcp', '--header', 'no colon'], /--header expects "Name: value"/],
    [[], /missing required argument 'url'/],
  ])('exits 2 naming the argument for a bad call: %j', async (argv, message) => {
    const { exitCode, stdout, stderr } = await runConnectCli(argv);
    expect(await exitCode).toBe(2);
    expect(stderr()).toMatch(message);
    expect(stdout.read()).toBeNull();
  });
});

describe('exai connect (built binary)', () => {
  it('serves an SDK client over stdio against the daemon, logs only to stderr, and deletes its session on exit', async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
    daemon = await startTestDaemon();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'connect', daemon.url],
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['echo', 'count', 'wait']);
      const progress: number[] = [];
      const result = await client.callTool({ name: 'count', arguments: { steps: 2 } }, undefined, {
        onprogress: ({ progress: value }) => progress.push(value),
      });
      expect(textOf(result)).toBe('counted 2');
      // The SDK client handles a notification a tick after a response read in the same chunk, so on a
      // loaded machine the last progress may arrive after the result and be dropped by the client; what
      // the bridge owes is every notification, in order, before the result.
      expect([[1], [1, 2]]).toContainEqual(progress);
      expect(daemon.sessionCount()).toBe(1);
    } finally {
      await client.close();
    }
    // Closing the client ends the bridge's stdin: it deletes its session and exits.
    await expect.poll(() => daemon?.sessionCount(), { timeout: 5_000 }).toBe(0);
    expect(daemon.requests.at(-1)?.method).toBe('DELETE');
    expect(stderr).toContain(`exai connect: forwarding stdio to ${daemon.url}`);
    expect(stderr).toContain('exai connect: stopped');
  });

  it('exits 0 when its stdin ends, with nothing but JSON-RPC on stdout', async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
    daemon = await startTestDaemon();
    const child = spawn(process.execPath, [bin, 'connect', daemon.url], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const initialize = {
      jsonrpc: '2.0',
      id: 'first',
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('\n');
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    child.stdin.end();
    expect(await exited, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      jsonrpc: '2.0',
      id: 'first',
      result: { protocolVersion: '2025-06-18' },
    });
    expect(daemon.sessionCount()).toBe(0);
  });
});
