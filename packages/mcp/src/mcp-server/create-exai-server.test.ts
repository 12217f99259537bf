import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProviderRegistry, createMemorySessionStore } from '@exai/core';
import { defineTool } from '../tools/define-tool.js';
import type { SessionStoreV1 } from '@exai/core';
import { createExaiServer } from './create-exai-server.js';
import type { ExaiRuntime } from './exai-runtime.js';

let upstream: FakeUpstream;
let store: SessionStoreV1;
let client: Client;
let logLines: string[];

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

beforeEach(async () => {
  upstream.reset();
  store = createMemorySessionStore();
  logLines = [];
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store,
    version: '9.9.9-test',
    logger: (line) => logLines.push(line),
  };
  const server = createExaiServer(runtime);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
});
afterEach(async () => {
  await client.close();
});

function textOf(result: object): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? '').join('');
}

const chatBodies = () =>
  upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.body as { model: string; messages: Array<{ role: string; content: string }> });

describe('createExaiServer over the MCP SDK client', () => {
  it('lists chat, listmodels and version with their schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      expect.arrayContaining(['chat', 'listmodels', 'page', 'version']),
    );
    const chat = tools.find((tool) => tool.name === 'chat');
    // Exactly one of prompt and prompt_file is required; the tool checks it.
    expect(chat?.inputSchema.required).toBeUndefined();
    expect(Object.keys(chat?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['prompt', 'prompt_file', 'model', 'continuation_id', 'web_search', 'thinking']),
    );
    expect(chat?.outputSchema?.properties).toHaveProperty('continuation_id');
    expect(chat?.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false });
    expect(tools.find((tool) => tool.name === 'version')?.annotations?.readOnlyHint).toBe(true);
  });

  it('answers version without calling a model', async () => {
    const result = await client.callTool({ name: 'version', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ version: '9.9.9-test', store: 'memory' });
    expect(textOf(result)).toContain('exai 9.9.9-test');
    expect(upstream.requests).toHaveLength(0);
  });

  it('lists the models with the one auto picks', async () => {
    const result = await client.callTool({ name: 'listmodels', arguments: {} });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { auto: string; models: Array<{ model: string }> };
    expect(structured.auto).toMatch(/^kimi:/);
    expect(structured.models.map((model) => model.model)).toContain('kimi:kimi-k2-0905-preview');
    expect(textOf(result)).toContain('kimi:kimi-k2-0905-preview');
  });

  it('chats, stores the exchange, and continues the thread with the first exchange sent upstream', async () => {
    upstream.enqueue({ reply: { text: 'Use a queue.', usage: { prompt_tokens: 11, completion_tokens: 3 } } });
    const first = await client.callTool({
      name: 'chat',
      arguments: {
        prompt: 'How should I buffer writes?',
        model: 'kimi-k2',
        system: 'Be terse.',
        temperature: 0.2,
      },
    });
    expect(first.isError).toBeFalsy();
    const structured = first.structuredContent as {
      continuation_id: string;
      model: string;
      usage: { input_tokens: number; output_tokens: number };
      fallbacks: unknown[];
    };
    expect(structured.model).toBe('kimi:kimi-k2-0905-preview');
    expect(structured.fallbacks).toEqual([]);
    expect(textOf(first)).toMatch(/^Use a queue\./);
    expect(textOf(first)).toContain(`continuation_id: ${structured.continuation_id}`);

    const firstBody = chatBodies()[0];
    expect(firstBody?.messages[0]?.role).toBe('system');
    expect(firstBody?.messages[0]?.content).toContain('Be terse.');
    expect(firstBody?.messages.at(-1)).toEqual({ role: 'user', content: 'How should I buffer writes?' });

    const thread = await store.getThread('default', structured.continuation_id);
    expect(thread?.turnCount).toBe(2);
    expect(thread?.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    const turns = await store.listTurns('default', structured.continuation_id);
    expect(turns.map((turn) => [turn.role, turn.content, turn.toolName])).toEqual([
      ['user', 'How should I buffer writes?', 'chat'],
      ['assistant', 'Use a queue.', 'chat'],
    ]);
    expect(turns[1]?.model).toBe('kimi:kimi-k2-0905-preview');
    expect(turns.every((turn) => turn.idempotencyKey?.startsWith('chat:'))).toBe(true);
    const usage = await store.listUsage('default');
    expect(usage.items[0]).toMatchObject({
      model: 'kimi:kimi-k2-0905-preview',
      status: 'ok',
      threadId: thread?.id,
    });
    const audit = await store.listAudit('default', { action: 'tool.chat' });
    expect(audit.items[0]?.target).toBe(thread?.id);

    upstream.enqueue({ reply: { text: 'A bounded one.' } });
    const second = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Bounded or not?', continuation_id: structured.continuation_id },
    });
    expect(second.isError).toBeFalsy();
    expect((second.structuredContent as { continuation_id: string }).continuation_id).toBe(
      structured.continuation_id,
    );
    const secondBody = chatBodies()[1];
    expect(secondBody?.messages.slice(1)).toEqual([
      { role: 'user', content: 'How should I buffer writes?' },
      { role: 'assistant', content: 'Use a queue.' },
      { role: 'user', content: 'Bounded or not?' },
    ]);
    expect((await store.getThread('default', structured.continuation_id))?.turnCount).toBe(4);
  });

  it('answers an unknown continuation_id with an error that names it', async () => {
    const result = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Hello?', continuation_id: 'no-such-thread' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^record_not_found: .*"no-such-thread"/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('sends progress notifications while the answer streams', async () => {
    upstream.enqueue({
      reply: { text: 'One two three four five six seven eight.', chunks: 6 },
      chunkDelayMs: 40,
    });
    const updates: Progress[] = [];
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Count.' } }, undefined, {
      onprogress: (progress) => updates.push(progress),
    });
    expect(result.isError).toBeFalsy();
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.some((update) => /^kimi:\S+ writing, \d+ tokens$/.test(update.message ?? ''))).toBe(true);
    const values = updates.map((update) => update.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
  });

  it('streams from the model only when the client asked for progress', async () => {
    upstream.enqueue({ reply: { text: 'Plain.' } });
    const plain = await client.callTool({ name: 'chat', arguments: { prompt: 'No progress wanted.' } });
    expect(plain.isError).toBeFalsy();
    upstream.enqueue({ reply: { text: 'Streamed.' } });
    const streamed = await client.callTool(
      { name: 'chat', arguments: { prompt: 'Progress wanted.' } },
      undefined,
      {
        onprogress: () => {},
      },
    );
    expect(streamed.isError).toBeFalsy();
    const bodies = chatBodies() as Array<{ stream?: boolean }>;
    expect(bodies.map((body) => body.stream === true)).toEqual([false, true]);
    expect(textOf(plain)).toContain('Plain.');
    expect(textOf(streamed)).toContain('Streamed.');
  });

  it('aborts the upstream request when the client cancels, stores no turn, records usage as cancelled', async () => {
    upstream.enqueue({ reply: { text: 'a '.repeat(200), chunks: 50 }, chunkDelayMs: 100 });
    const controller = new AbortController();
    const call = client.callTool({ name: 'chat', arguments: { prompt: 'Write a lot.' } }, undefined, {
      signal: controller.signal,
      onprogress: (progress) => {
        if (progress.message?.includes('writing')) controller.abort();
      },
    });
    await expect(call).rejects.toThrow();
    const aborted = await upstream.waitForClientAbort();
    expect(aborted.path).toMatch(/chat\/completions$/);
    await expect
      .poll(async () => (await store.listUsage('default')).items)
      .toEqual([expect.objectContaining({ status: 'error', errorCode: 'cancelled', outputTokens: 0 })]);
    expect((await store.listThreads('default')).items).toEqual([]);
    const version = await client.callTool({ name: 'version', arguments: {} });
    expect(version.isError).toBeFalsy();
  });

  it('turns an unknown tool and wrong argument types into errors, and keeps answering', async () => {
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('no_such_tool');

    const wrongTypes = await client.callTool({ name: 'chat', arguments: { prompt: 42, temperature: 'hot' } });
    expect(wrongTypes.isError).toBe(true);
    expect(textOf(wrongTypes)).toMatch(/prompt/);

    const missing = await client.callTool({ name: 'chat', arguments: {} });
    expect(missing.isError).toBe(true);
    expect(upstream.requests).toHaveLength(0);

    const version = await client.callTool({ name: 'version', arguments: {} });
    expect(version.isError).toBeFalsy();
  });

  it('turns an unknown model into an error with the registry code and logs the failure', async () => {
    const result = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Hi', model: 'kimi-k99-nope' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^no_such_model: /);
    expect(logLines.some((line) => line.includes('chat failed: no_such_model'))).toBe(true);
  });

  it('creates a missing tenant and refuses to grow a thread past maxTurns', async () => {
    const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
    const server = createExaiServer({
      registry: createProviderRegistry({ providers: [kimi] }),
      store,
      version: '1.0.0',
      tenantId: 'acme',
      limits: { maxTurns: 2, threadTtlInMs: 60_000 },
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const limited = new Client({ name: 'limited', version: '1.0.0' });
    await Promise.all([server.connect(serverTransport), limited.connect(clientTransport)]);
    try {
      upstream.enqueue({ reply: { text: 'First.' } });
      const first = await limited.callTool({ name: 'chat', arguments: { prompt: 'One', model: 'kimi-k2' } });
      const { continuation_id } = first.structuredContent as { continuation_id: string };
      const thread = await store.getThread('acme', continuation_id);
      expect(thread?.turnCount).toBe(2);
      expect(thread?.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(await store.getThread('default', continuation_id)).toBeUndefined();

      const second = await limited.callTool({ name: 'chat', arguments: { prompt: 'Two', continuation_id } });
      expect(second.isError).toBe(true);
      expect(textOf(second)).toMatch(/^invalid_argument: .*limit of 2 messages/);
      expect(chatBodies()).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('reports an upstream failure as an actionable error', async () => {
    upstream.enqueue({ status: 401, times: Infinity });
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Hi', model: 'kimi-k2' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^\w+: .*401/);
    expect((await store.listThreads('default')).items).toEqual([]);
  });
});

describe('structuredContent longer than a page', () => {
  const items = Array.from({ length: 50 }, (_, index) => `item number ${index}`);
  const plain = defineTool({
    name: 'plain',
    title: 'Plain',
    description: 'Returns a large structuredContent without an output schema.',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    async execute() {
      return { text: 'A short text.', structuredContent: { items } };
    },
  });
  const typed = defineTool({
    name: 'typed',
    title: 'Typed',
    description: 'Returns a large structuredContent with an output schema.',
    inputSchema: z.object({}),
    outputSchema: z.object({ items: z.array(z.string()) }),
    annotations: { readOnlyHint: true },
    async execute() {
      return { text: 'A short text.', structuredContent: { items } };
    },
  });

  it('is left out (and the text says so) unless the tool declares an output schema', async () => {
    const server = createExaiServer(
      {
        registry: createProviderRegistry({ providers: [] }),
        store: createMemorySessionStore(),
        version: '9.9.9-test',
        limits: { maxResultTokens: 50 },
      },
      { tools: [plain, typed] },
    );
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const pagingClient = new Client({ name: 'test-client', version: '1.0.0' });
    await Promise.all([server.connect(serverTransport), pagingClient.connect(clientTransport)]);
    try {
      const left = await pagingClient.callTool({ name: 'plain', arguments: {} });
      expect(left.structuredContent).toBeUndefined();
      expect(textOf(left)).toMatch(
        /^A short text\.\n\n\(structuredContent was left out: its JSON is \d+ characters, over the 200-character page size/,
      );
      const kept = await pagingClient.callTool({ name: 'typed', arguments: {} });
      expect(kept.structuredContent).toEqual({ items });
    } finally {
      await pagingClient.close();
    }
  });
});
