import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const inspectorCli = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/inspector-cli/build/index.js', import.meta.url),
);

let upstream: FakeUpstream;
let home: string;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  if (!existsSync(inspectorCli))
    throw new Error(`${inspectorCli} is missing: run \`npm install\` at the repository root.`);
  upstream = await createFakeUpstream({ defaultReply: { text: 'Over HTTP.' } });
  home = mkdtempSync(join(tmpdir(), 'exai-serve-http-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

interface RunningServe {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns the built `exai serve --http …` and resolves with the URL from its start-up line. */
async function startServeHttp(home: string, upstreamUrl: string, args: string[] = []): Promise<RunningServe> {
  const child = spawn(process.execPath, [bin, 'serve', '--http', '--port', '0', '--no-auth', ...args], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstreamUrl}/v1`,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+/);
  const url = /MCP server on (http:\/\/\S+)/.exec(stderr)![1]!;
  return { child, url, stderr: () => stderr, exited };
}

describe('exai serve --http (built binary)', () => {
  it('prints its URL, serves the SDK client with sessions, and exits 0 on SIGTERM', async () => {
    const serve = await startServeHttp(home, upstream.url);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(serve.stderr()).toMatch(/\(sessions, store: memory/);
    expect(serve.stderr()).toContain('exai: --no-auth: no authentication on 127.0.0.1 (loopback only)');
    expect(serve.stderr()).not.toContain('warning');
    const transport = new StreamableHTTPClientTransport(new URL(serve.url));
    const client = new Client({ name: 'serve-http-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(transport.sessionId).toBeDefined();
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('chat');
      const result = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'Hi there', model: 'kimi-k2' },
      });
      expect(result.isError, serve.stderr()).toBeFalsy();
      expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/^Over HTTP\./);
      // The dashboard's latest calls show the arguments as the audit record keeps them: the model,
      // and only the length of the prompt, short as it is.
      const snapshot = await fetch(serve.url.replace(/\/mcp$/, '/dashboard/api/snapshot'));
      expect(snapshot.status).toBe(200);
      const body = await snapshot.text();
      const { latestCalls } = JSON.parse(body) as {
        latestCalls: Array<{ tool: string; arguments: unknown }>;
      };
      expect(latestCalls.find((call) => call.tool === 'chat')?.arguments).toEqual({
        prompt: '[8 characters]',
        model: 'kimi-k2',
      });
      expect(body).not.toContain('Hi there');
    } finally {
      await client.close();
    }
    serve.child.kill('SIGTERM');
    expect(await serve.exited, serve.stderr()).toBe(0);
    expect(serve.stderr()).toContain('MCP server stopped');
  });

  it('serves stateless with --stateless and answers /healthz', async () => {
    const serve = await startServeHttp(home, upstream.url, ['--stateless']);
    try {
      expect(serve.stderr()).toMatch(
        /\(stateless, store: memory.*cancels: in memory \(this process only\)\)/,
      );
      const health = await fetch(serve.url.replace(/\/mcp$/, '/healthz'));
      expect(await health.json()).toMatchObject({ status: 'ok', mode: 'stateless' });
      const transport = new StreamableHTTPClientTransport(new URL(serve.url));
      const client = new Client({ name: 'stateless-test', version: '1.0.0' });
      await client.connect(transport);
      // A stateless client token (for cancels), not a session: nothing is kept for it.
      expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      const result = await client.callTool({ name: 'version', arguments: {} });
      expect(result.isError).toBeFalsy();
      await client.close();
    } finally {
      serve.child.kill('SIGINT');
      expect(await serve.exited, serve.stderr()).toBe(0);
    }
  });

  it('serves no dashboard with dashboard.enabled false, and says nothing of one', async () => {
    writeFileSync(join(home, 'exai.config.json'), JSON.stringify({ dashboard: { enabled: false } }));
    let serve: RunningServe | undefined;
    try {
      serve = await startServeHttp(home, upstream.url, ['--stateless']);
      const origin = serve.url.replace(/\/mcp$/, '');
      expect((await fetch(`${origin}/dashboard`)).status).toBe(404);
      expect((await fetch(`${origin}/dashboard/api/snapshot`)).status).toBe(404);
      expect(serve.stderr()).not.toContain('dashboard on');
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    } finally {
      rmSync(join(home, 'exai.config.json'), { force: true });
      serve?.child.kill('SIGTERM');
      if (serve !== undefined) expect(await serve.exited, serve.stderr()).toBe(0);
    }
    // Without the setting, the same daemon serves the page and says where.
    const served = await startServeHttp(home, upstream.url, ['--stateless']);
    try {
      expect(served.stderr()).toMatch(/dashboard on http:\/\/127\.0\.0\.1:\d+\/dashboard/);
      expect((await fetch(served.url.replace(/\/mcp$/, '/dashboard'))).status).toBe(200);
    } finally {
      served.child.kill('SIGTERM');
      expect(await served.exited, served.stderr()).toBe(0);
    }
  });

  it('refuses bad flag values with a usage error naming the flag', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--http', '--port', 'eighty'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, EXAI_STORE: 'memory' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--port expects a whole number/);

    const stdio = spawn(process.execPath, [bin, 'serve', '--stateless'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, EXAI_STORE: 'memory' },
    });
    let stdioStderr = '';
    stdio.stderr.on('data', (chunk: Buffer) => (stdioStderr += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => stdio.on('close', resolve))).toBe(2);
    expect(stdioStderr).toContain('--stateless needs --http');
  });
});

/**
 * Runs the MCP Inspector CLI and parses its JSON output. It exits 0 even when a tool result has
 * `isError: true`, so callers check the output; it crashes unless the parent of its working
 * directory has a package.json, so it runs in `<home>/inspector` beside `<home>/package.json`.
 */
function runInspector(args: string[], env: Record<string, string> = {}): Promise<unknown> {
  const cwd = join(home, 'inspector');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(home, 'package.json'), '{"private":true}\n');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [inspectorCli, ...args],
      { cwd, timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        if (error !== null) {
          reject(new Error(`inspector-cli failed: ${error.message}\n${stdout}\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as unknown);
        } catch {
          reject(new Error(`inspector-cli printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

function expectChatTools(listed: unknown): void {
  const tools = (
    listed as {
      tools: Array<{
        name: string;
        inputSchema: { required?: string[]; properties?: Record<string, unknown> };
      }>;
    }
  ).tools;
  expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['chat', 'listmodels', 'version']));
  expect(tools.find((tool) => tool.name === 'chat')?.inputSchema.properties).toHaveProperty('prompt_file');
}

function expectChatAnswer(called: unknown): void {
  const result = called as {
    isError?: boolean;
    content: Array<{ type: string; text: string }>;
    structuredContent?: object;
  };
  expect(result.isError ?? false, JSON.stringify(result)).toBe(false);
  expect(result.content[0]?.text).toMatch(/^Over HTTP\./);
  expect(result.structuredContent).toHaveProperty('continuation_id');
}

describe('the MCP Inspector CLI against exai serve (built binary)', () => {
  it('lists tools and calls chat over Streamable HTTP', async () => {
    const serve = await startServeHttp(home, upstream.url);
    try {
      expectChatTools(await runInspector([serve.url, '--transport', 'http', '--method', 'tools/list']));
      expectChatAnswer(
        await runInspector([
          serve.url,
          '--transport',
          'http',
          '--method',
          'tools/call',
          '--tool-name',
          'chat',
          '--tool-arg',
          'prompt=hi',
        ]),
      );
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited, serve.stderr()).toBe(0);
    }
  });

  it('lists tools and calls chat over stdio', async () => {
    const env = { EXAI_STORE: 'memory', KIMI_API_KEY: 'test-key', KIMI_BASE_URL: `${upstream.url}/v1` };
    const command = [process.execPath, bin, 'serve'];
    expectChatTools(await runInspector([...command, '--method', 'tools/list'], env));
    expectChatAnswer(
      await runInspector(
        [...command, '--method', 'tools/call', '--tool-name', 'chat', '--tool-arg', 'prompt=hi'],
        env,
      ),
    );
  });
});
