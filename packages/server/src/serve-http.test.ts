import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connectClient,
  rawRequest,
  startTestServer,
  textOf,
  type TestServer,
} from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  server = await startTestServer(upstream);
});
afterEach(async () => {
  await server.serving.close();
});

const chatBodies = () =>
  upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.body as { messages: Array<{ role: string; content: string }> });

describe('serveHttp with the SDK client over Streamable HTTP (sessions)', () => {
  it('serves on 127.0.0.1 with a health check', async () => {
    expect(server.serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const health = await rawRequest(server.serving.url.replace(/\/mcp$/, '/healthz'), { method: 'GET' });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', mode: 'stateful', sessions: 0 });
  });

  it('lists tools, chats, and continues the thread with the returned continuation_id', async () => {
    const { client } = await connectClient(server.serving.url);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'exai', version: '9.9.9-test' });
      expect(server.serving.sessionCount()).toBe(1);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['chat', 'listmodels', 'version']),
      );

      upstream.enqueue({ reply: { text: 'Use a queue.' } }, { reply: { text: 'A bounded one.' } });
      const first = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'How to buffer writes?', model: 'kimi-k2' },
      });
      expect(first.isError).toBeFalsy();
      expect(textOf(first)).toMatch(/^Use a queue\./);
      const { continuation_id } = first.structuredContent as { continuation_id: string };

      const second = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'Bounded?', continuation_id },
      });
      expect(second.isError).toBeFalsy();
      expect((second.structuredContent as { continuation_id: string }).continuation_id).toBe(continuation_id);
      expect(chatBodies()[1]?.messages.slice(1)).toEqual([
        { role: 'user', content: 'How to buffer writes?' },
        { role: 'assistant', content: 'Use a queue.' },
        { role: 'user', content: 'Bounded?' },
      ]);
    } finally {
      await client.close();
    }
  });

  it('sends progress notifications while the answer streams', async () => {
    upstream.enqueue({
      reply: { text: 'One two three four five six seven eight.', chunks: 6 },
      chunkDelayMs: 40,
    });
    const { client } = await connectClient(server.serving.url);
    try {
      const updates: Progress[] = [];
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Count.' } }, undefined, {
        onprogress: (progress) => updates.push(progress),
      });
      expect(result.isError).toBeFalsy();
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.some((update) => /writing, \d+ tokens$/.test(update.message ?? ''))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('aborts the upstream request when the client cancels, and keeps serving the session', async () => {
    upstream.enqueue({ reply: { text: 'a '.repeat(200), chunks: 50 }, chunkDelayMs: 100 });
    const { client } = await connectClient(server.serving.url);
    try {
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
      const version = await client.callTool({ name: 'version', arguments: {} });
      expect(version.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('ends a session on DELETE; its id then gets 404 as the MCP spec asks', async () => {
    const { client, transport } = await connectClient(server.serving.url);
    const sessionId = transport.sessionId;
    expect(sessionId).toBeDefined();
    await transport.terminateSession();
    await client.close();
    await expect.poll(() => server.serving.sessionCount()).toBe(0);
    const after = await rawRequest(server.serving.url, {
      headers: { 'mcp-session-id': sessionId!, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
    expect(after.json).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32001, message: expect.stringMatching(/Session not found/) },
    });
  });

  it('answers a request without a session id with 400, and an unknown one with 404', async () => {
    const missing = await rawRequest(server.serving.url, {
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/Mcp-Session-Id header is required/);
    const unknown = await rawRequest(server.serving.url, {
      headers: { 'mcp-session-id': 'no-such-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    const unknownDelete = await rawRequest(server.serving.url, {
      method: 'DELETE',
      headers: { 'mcp-session-id': 'nope' },
    });
    expect(unknownDelete.status).toBe(404);
  });
});
