import { createInFlightCalls, type ExaiRuntime } from '@exai/mcp';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServing } from '../index.js';
import { rawRequest, startTestServer } from '../test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let serving: HttpServing | undefined;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  await serving?.close();
  serving = undefined;
  upstream.reset();
});

/** One JSON-RPC message POSTed as a stateless client would (the helper adds Accept and Content-Type). */
async function post(
  url: string,
  message: Record<string, unknown>,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: ToolCallAnswer }> {
  const response = await rawRequest(url, {
    headers: { 'mcp-protocol-version': '2025-06-18', ...extraHeaders },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  return {
    status: response.status,
    headers: new Headers(response.headers as Record<string, string>),
    body: response.json as ToolCallAnswer,
  };
}

interface ToolCallAnswer {
  jsonrpc: '2.0';
  id: number;
  result: {
    isError?: boolean;
    content: Array<{ type: 'text'; text: string }>;
    structuredContent?: Record<string, unknown>;
  };
}

/** exai with Kimi at the fake upstream, stateless. */
async function start(runtimeExtras: Partial<ExaiRuntime> = {}) {
  const server = await startTestServer(upstream, { stateless: true });
  serving = server.serving;
  Object.assign(server.runtime, runtimeExtras);
  return { url: server.serving.url, store: server.runtime.store, built: server.serversBuilt };
}

const chat = (
  id: number,
  args: Record<string, unknown> = { prompt: 'Hello?', model: 'kimi:kimi-k2-0905-preview' },
) => ({
  id,
  method: 'tools/call',
  params: { name: 'chat', arguments: args },
});

describe('a stateless POST of one plain tools/call', () => {
  it('runs concurrent calls without an MCP server each, and answers as the server would', async () => {
    const { url, built } = await start();
    upstream.enqueue({ reply: { text: 'Answer 0.' } });
    expect((await post(url, chat(100))).status).toBe(200);
    // Five at once: on the server path each would hold a pooled server of its own.
    for (let id = 1; id <= 5; id++)
      upstream.enqueue({ reply: { text: 'Answer.' }, delayBeforeHeadersMs: 100 });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((id) => post(url, chat(id))));
    for (const [index, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        jsonrpc: '2.0',
        id: index + 1,
        result: { structuredContent: { model: 'kimi:kimi-k2-0905-preview' } },
      });
      expect(answer.body.result.content[0]!.text).toContain('Answer.');
    }
    // One pooled server lends its direct runner; none is built per call.
    expect(built()).toBe(1);
  });

  it('leaves arguments that fail the schema to the server, which words the error as exai does', async () => {
    const { url } = await start();
    const answer = await post(url, chat(7, { prompt: 'Hi', temperature: 'hot' }));
    expect(answer.status).toBe(200);
    expect(answer.body.result.isError).toBe(true);
    expect(answer.body.result.content[0]!.text).toMatch(
      /^invalid_argument: Invalid arguments for tool chat: temperature: expected number, received string\.$/,
    );
    expect(upstream.requests).toHaveLength(0);
  });

  it('still answers a tool with an output schema through the server, which checks it', async () => {
    const { url } = await start();
    const answer = await post(url, {
      id: 3,
      method: 'tools/call',
      params: { name: 'version', arguments: {} },
    });
    expect(answer.body.result.structuredContent).toMatchObject({ version: '9.9.9-test' });
  });

  it('records the request’s correlation id in the audit record, also without authentication', async () => {
    const { url, store } = await start();
    upstream.enqueue({ reply: { text: 'Yes.' } });
    const answer = await post(url, chat(1), { 'x-correlation-id': 'trace-77' });
    expect(answer.headers.get('x-correlation-id')).toBe('trace-77');
    const audit = await store.listAudit('default', { action: 'tool.call' });
    expect(audit.items.map((event) => event.detail.correlationId)).toEqual(['trace-77']);

    upstream.enqueue({ reply: { text: 'Again.' } });
    const second = await post(url, chat(2));
    const requestId = second.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const both = await store.listAudit('default', { action: 'tool.call' });
    expect(both.items.map((event) => event.detail.correlationId).sort()).toEqual(
      [requestId, 'trace-77'].sort(),
    );
  });

  it('answers a call that a stopping daemon aborts with its cancelled result', async () => {
    const inFlightCalls = createInFlightCalls();
    const { url } = await start({ inFlightCalls });
    upstream.enqueue({ delayBeforeHeadersMs: 30_000 });
    const answer = post(url, chat(9));
    await upstream.waitForRequests(1);
    expect(inFlightCalls.count()).toBe(1);
    inFlightCalls.abortAll('The daemon is stopping.');
    const { status, body } = await answer;
    expect(status).toBe(200);
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]!.text).toMatch(/^aborted: /);
    expect(inFlightCalls.count()).toBe(0);
  });
});
