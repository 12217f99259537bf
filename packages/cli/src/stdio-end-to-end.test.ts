import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
let home: string;
let project: string;
let outside: string;

function serverEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    NO_COLOR: '1',
    EXAI_STORE: 'memory',
    EXAI_ALLOWED_ROOTS: project,
    KIMI_API_KEY: 'test-key',
    KIMI_BASE_URL: `${upstream.url}/v1`,
  };
}

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  home = realpathSync(mkdtempSync(join(tmpdir(), 'exai-stdio-')));
  project = join(home, 'project');
  outside = join(home, 'outside');
  mkdirSync(join(project, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(project, 'src', 'retry.ts'), 'export const attempts = 3;\n');
  writeFileSync(join(outside, 'secret.txt'), 'not for models\n');
  symlinkSync(join(outside, 'secret.txt'), join(project, 'src', 'link.txt'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

const textOf = (result: object) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((part) => part.text ?? '').join('');
const lastUserMessage = () => {
  const bodies = upstream.requests.filter((request) => request.path.endsWith('/chat/completions'));
  const messages = (bodies.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
  return JSON.stringify(messages.at(-1)?.content);
};

describe('exai serve over stdio with the SDK client', () => {
  let client: Client;
  let stderr: string;

  beforeEach(async () => {
    upstream.reset();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'serve'],
      cwd: project,
      env: serverEnv(),
      stderr: 'pipe',
    });
    stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
    await client.connect(transport);
  });
  afterEach(async () => {
    await client.close();
  });

  it('offers the profile tools as prompts that ask to call the tool', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(expect.arrayContaining(['chat', 'codereview']));
    expect(prompts.map((prompt) => prompt.name)).not.toContain('tracer');
    const result = await client.getPrompt({ name: 'chat', arguments: { prompt: 'Is 3 attempts enough?' } });
    const content = result.messages[0]?.content;
    expect(content?.type === 'text' ? content.text : '').toContain('Call the exai tool `chat`');
    expect(content?.type === 'text' ? content.text : '').toContain('- prompt: Is 3 attempts enough?');
  });

  it('answers apilookup with search guidance and no model call', async () => {
    const result = await client.callTool({
      name: 'apilookup',
      arguments: { prompt: 'undici Agent', version: '7' },
    });
    expect(textOf(result)).toContain('- search: undici Agent 7 official documentation');
    expect(result.structuredContent).toMatchObject({ query: 'undici Agent' });
    expect(upstream.requests).toHaveLength(0);
  });

  it('uses the tool default model and the locale from the configuration', async () => {
    await client.close();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'serve'],
      cwd: project,
      env: {
        ...serverEnv(),
        EXAI_CONFIG: JSON.stringify({ tools: { chat: { model: 'kimi-k2-turbo-preview' } } }),
        EXAI_LOCALE: 'ja',
      },
      stderr: 'pipe',
    });
    client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
    await client.connect(transport);
    upstream.enqueue({ reply: { text: 'はい。' } });
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Safe?' } });
    expect(result.structuredContent).toMatchObject({ model: 'kimi:kimi-k2-turbo-preview' });
    const body = upstream.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages[0]?.content).toContain('locale "ja"');
  });

  it('reads a prompt_file inside the allowed roots and refuses one outside', async () => {
    writeFileSync(join(project, 'long-prompt.md'), 'How many attempts does retry.ts make?\n');
    upstream.enqueue({ reply: { text: 'Three.' } });
    const result = await client.callTool({
      name: 'chat',
      arguments: { prompt_file: join(project, 'long-prompt.md') },
    });
    expect(result.isError).toBeFalsy();
    expect(lastUserMessage()).toContain('How many attempts does retry.ts make?');
    const outsideFile = await client.callTool({
      name: 'chat',
      arguments: { prompt_file: join(outside, 'secret.txt') },
    });
    expect(outsideFile.isError).toBe(true);
  });

  it('continues a thread, with a file re-read from disk at the continuation', async () => {
    upstream.enqueue({ reply: { text: 'Three attempts.' } });
    const first = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'How many attempts?', files: ['src/retry.ts'] },
    });
    expect(first.isError).toBeFalsy();
    expect(lastUserMessage()).toContain('export const attempts = 3;');
    const { continuation_id: id } = first.structuredContent as { continuation_id: string };
    expect(textOf(first)).toContain(`continuation_id: ${id}`);

    writeFileSync(join(project, 'src', 'retry.ts'), 'export const attempts = 5;\n');
    upstream.enqueue({ reply: { text: 'Five now.' } });
    const second = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'And now?', continuation_id: id },
    });
    expect(second.isError).toBeFalsy();
    expect((second.structuredContent as { continuation_id: string }).continuation_id).toBe(id);
    expect(second.structuredContent).toMatchObject({ remaining_exchanges: 48 });
    expect(textOf(second)).toContain('48 exchanges remaining in this thread.');
    expect(lastUserMessage()).toContain('export const attempts = 5;');
    expect(lastUserMessage()).not.toContain('attempts = 3');
    writeFileSync(join(project, 'src', 'retry.ts'), 'export const attempts = 3;\n');
  });

  it('sends progress while a model streams, and a cancel aborts the upstream call', async () => {
    upstream.enqueue({ reply: { text: 'one two three four five six', chunks: 6 }, chunkDelayMs: 40 });
    const updates: Progress[] = [];
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Count.' } }, undefined, {
      onprogress: (progress) => updates.push(progress),
    });
    expect(result.isError).toBeFalsy();
    expect(updates.length).toBeGreaterThanOrEqual(2);

    upstream.enqueue({ reply: { text: 'a '.repeat(200), chunks: 50 }, chunkDelayMs: 100 });
    const controller = new AbortController();
    const call = client.callTool({ name: 'chat', arguments: { prompt: 'Write a lot.' } }, undefined, {
      signal: controller.signal,
      onprogress: (progress) => {
        if (progress.message?.includes('writing')) controller.abort();
      },
    });
    await expect(call).rejects.toThrow();
    expect((await upstream.waitForClientAbort()).path).toMatch(/chat\/completions$/);
    expect((await client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
  });

  it('refuses paths outside the roots, .. and symlink escapes, naming the rule, and keeps serving', async () => {
    for (const path of [
      join(outside, 'secret.txt'),
      '../outside/secret.txt',
      'src/link.txt',
      '/etc/passwd',
    ]) {
      const result = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'Read it.', files: [path] },
      });
      expect(result.isError, path).toBe(true);
      expect(textOf(result), path).toMatch(/allowed root|outside|system path|rule/i);
    }
    const missing = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Read it.', files: ['src/nope.ts'] },
    });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/nope\.ts/);
    expect(upstream.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(0);
    expect((await client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
    expect(stderr).toContain('chat failed');
  });

  it('answers unknown tools and wrong argument types with errors', async () => {
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('no_such_tool');
    const wrong = await client.callTool({ name: 'chat', arguments: { prompt: 42 } });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toMatch(/prompt/);
  });
});

describe('exai serve over stdio with raw bad input', () => {
  let child: ChildProcessWithoutNullStreams;
  let lines: string[];

  beforeEach(() => {
    child = spawn(process.execPath, [bin, 'serve'], { cwd: project, env: serverEnv() });
    lines = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
    });
  });
  afterEach(() => {
    child.kill();
  });

  async function reply(
    count: number,
  ): Promise<Array<{ id: unknown; result?: unknown; error?: { code: number; message: string } }>> {
    const deadline = Date.now() + 10_000;
    while (lines.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return lines.map((line) => JSON.parse(line) as never);
  }

  it('answers malformed JSON, non-JSON-RPC and oversized messages with errors, and still serves', async () => {
    child.stdin.write('{"jsonrpc": "2.0", "id": 1, "method": \n');
    child.stdin.write('{"id": 2, "hello": "world"}\n');
    child.stdin.write(
      `{"jsonrpc":"2.0","id":3,"method":"ping","params":{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}}\n`,
    );
    child.stdin.write(
      '{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n',
    );
    const replies = await reply(4);
    expect(replies[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(replies[1]).toMatchObject({ id: 2, error: { code: -32600 } });
    expect(replies[2]).toMatchObject({ id: 3, error: { code: -32600 } });
    expect(replies[2]?.error?.message).toMatch(/larger than/);
    expect(replies[3]).toMatchObject({ id: 4, result: { serverInfo: { name: 'exai' } } });
  });
});
