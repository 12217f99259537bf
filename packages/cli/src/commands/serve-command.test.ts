import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
let home: string;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  home = mkdtempSync(join(tmpdir(), 'exai-serve-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

function connectToServe(extraEnv: Record<string, string> = { EXAI_STORE: 'memory' }): {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
} {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'serve'],
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
      ...extraEnv,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { client: new Client({ name: 'serve-test', version: '1.0.0' }), transport, stderr: () => stderr };
}

describe('exai serve (built binary over stdio)', () => {
  it('lists tools and answers chat against the fake upstream, logging only to stderr', async () => {
    const { client, transport, stderr } = connectToServe();
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('exai');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        expect.arrayContaining(['chat', 'listmodels', 'page', 'version']),
      );

      upstream.enqueue({ reply: { text: 'Second opinion: ship it.' } });
      const result = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'Should I ship?', model: 'kimi-k2' },
      });
      expect(result.isError).toBeFalsy();
      const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
      expect(text).toMatch(/^Second opinion: ship it\./);
      expect(result.structuredContent).toMatchObject({ model: 'kimi:kimi-k2-0905-preview' });
      const body = upstream.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
      expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Should I ship?' });
      expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer test-key');
    } finally {
      await client.close();
    }
    // The SDK client parses stdout strictly, so any stray line there would have failed the calls above.
    expect(stderr()).toContain('MCP server on stdio (store: memory');
  });

  it('keeps a conversation in the default SQLite store across a restart', async () => {
    const ask = async (args: Record<string, unknown>) => {
      const { client, transport, stderr } = connectToServe({});
      await client.connect(transport);
      try {
        const result = await client.callTool({ name: 'chat', arguments: args });
        expect(result.isError, stderr()).toBeFalsy();
        return result.structuredContent as { continuation_id: string };
      } finally {
        await client.close();
        expect(stderr()).toMatch(/store: sqlite/i);
      }
    };
    upstream.reset();
    upstream.enqueue({ reply: { text: 'Use Postgres.' } }, { reply: { text: 'Yes, with pgbouncer.' } });
    const first = await ask({ prompt: 'Which database?', model: 'kimi-k2' });
    const second = await ask({ prompt: 'Pooled?', model: 'kimi-k2', continuation_id: first.continuation_id });
    expect(second.continuation_id).toBe(first.continuation_id);
    const body = upstream.requests[1]?.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages.slice(1)).toEqual([
      { role: 'user', content: 'Which database?' },
      { role: 'assistant', content: 'Use Postgres.' },
      { role: 'user', content: 'Pooled?' },
    ]);
  });

  it('exits 0 when its stdin ends, and on SIGTERM', async () => {
    for (const stop of ['stdin-end', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [bin, 'serve'], {
        cwd: home,
        env: { PATH: process.env.PATH ?? '', HOME: home, EXAI_STORE: 'memory', KIMI_API_KEY: 'test-key' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await expect.poll(() => stderr, { timeout: 10_000 }).toContain('MCP server on stdio');
      if (stop === 'stdin-end') child.stdin.end();
      else child.kill('SIGTERM');
      expect(await exited, `${stop}: ${stderr}`).toBe(0);
      expect(stderr).toContain('MCP server stopped');
      expect(stdout).toBe('');
    }
  });
});
