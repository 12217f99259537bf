import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { createExaiServer } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp, type HttpServing } from '../index.js';

let upstream: FakeUpstream;
let serving: HttpServing | undefined;
let built = 0;

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

async function startStateless(): Promise<string> {
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store: createMemorySessionStore(),
    version: '9.9.9-test',
  };
  built = 0;
  serving = await serveHttp({
    createServer: () => {
      built += 1;
      return createExaiServer(runtime);
    },
    port: 0,
    stateless: true,
  });
  return serving.url;
}

function chatCall(id: number | string, prompt: string, progressToken: string) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'chat', arguments: { prompt, model: 'kimi-k2' }, _meta: { progressToken } },
  };
}

/** POSTs `body` and returns the JSON-RPC messages of its SSE answer, read to its end. */
async function postForEvents(url: string, body: unknown, signal?: AbortSignal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify(body),
    ...(signal !== undefined && { signal }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map(
      (line) =>
        JSON.parse(line.slice(6)) as {
          id?: number | string;
          method?: string;
          params?: { progressToken?: string };
          result?: { isError?: boolean; content: Array<{ text: string }> };
        },
    );
}

describe('stateless calls that ask for progress', () => {
  it('share one MCP server, and two clients using the same request id each get their own answer', async () => {
    const url = await startStateless();
    upstream.handle((request) => ({
      reply: { text: `Answer to ${request.rawBody.includes('first') ? 'first' : 'second'}.`, chunks: 3 },
      chunkDelayMs: 100,
    }));
    const [first, second] = await Promise.all([
      postForEvents(url, chatCall(1, 'first', 'a')),
      postForEvents(url, chatCall(1, 'second', 'b')),
    ]);
    for (const [events, token, answer] of [
      [first, 'a', 'Answer to first.'],
      [second, 'b', 'Answer to second.'],
    ] as const) {
      const progress = events.filter((event) => event.method === 'notifications/progress');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((event) => event.params?.progressToken === token)).toBe(true);
      const results = events.filter((event) => event.result !== undefined);
      expect(results).toHaveLength(1);
      expect(results[0]?.id).toBe(1);
      expect(results[0]?.result?.isError).not.toBe(true);
      expect(results[0]?.result?.content[0]?.text).toContain(answer);
    }
    expect(built).toBe(1);
  });

  it('answer every call of a batch on one stream, which ends after the last answer', async () => {
    const url = await startStateless();
    upstream.handle(() => ({ reply: { text: 'Batched.', chunks: 2 }, chunkDelayMs: 50 }));
    const events = await postForEvents(url, [chatCall('x', 'one', 'p1'), chatCall('y', 'two', 'p2')]);
    const answered = events.filter((event) => event.result !== undefined).map((event) => event.id);
    expect(answered.sort()).toEqual(['x', 'y']);
  });

  it('cancel the call of a client that goes away, closing the upstream request', async () => {
    const url = await startStateless();
    upstream.handle(() => ({ reply: { text: 'word '.repeat(200), chunks: 200 }, chunkDelayMs: 100 }));
    const controller = new AbortController();
    const call = postForEvents(url, chatCall(7, 'long', 'p'), controller.signal).catch(() => 'aborted');
    await upstream.waitForRequests(1);
    const aborted = upstream.waitForClientAbort({ timeoutInMs: 5_000 });
    controller.abort();
    expect(await call).toBe('aborted');
    await aborted;
  });
});
