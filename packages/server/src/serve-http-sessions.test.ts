import { Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveHttp } from './index.js';
import {
  connectClient,
  initializeBody,
  rawRequest,
  startTestServer,
  textOf,
} from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await createFakeUpstream({ defaultReply: { text: 'Fine.' } });
});
afterAll(async () => {
  await upstream.close();
});

describe('serveHttp sessions', () => {
  it('closes a session idle past the TTL; its id then gets 404', async () => {
    const { serving, logLines } = await startTestServer(upstream, { sessionIdleTtlInMs: 300 });
    try {
      const { client, transport } = await connectClient(serving.url);
      const sessionId = transport.sessionId!;
      expect((await client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
      // The client goes away without DELETE (a crashed IDE), closing its streams.
      await client.close();
      expect(serving.sessionCount()).toBe(1);
      await expect.poll(() => serving.sessionCount(), { timeout: 3000 }).toBe(0);
      expect(logLines.some((line) => line.includes(`closing MCP session ${sessionId} (idle for`))).toBe(true);
      const after = await rawRequest(serving.url, {
        headers: { 'mcp-session-id': sessionId },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(after.status).toBe(404);
    } finally {
      await serving.close();
    }
  });

  it('keeps a connected session with a call in flight past the TTL', async () => {
    const { serving } = await startTestServer(upstream, { sessionIdleTtlInMs: 100 });
    try {
      upstream.enqueue({ reply: { text: 'slow answer', chunks: 4 }, chunkDelayMs: 150 });
      const { client } = await connectClient(serving.url);
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Take your time.' } });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toMatch(/^slow answer/);
      await client.close();
    } finally {
      await serving.close();
    }
  });

  it('refuses a session beyond maxSessions with 503 naming the cap, and accepts again once one ends', async () => {
    const { serving } = await startTestServer(upstream, { maxSessions: 2 });
    try {
      const first = await connectClient(serving.url, 'first');
      const second = await connectClient(serving.url, 'second');
      expect(serving.sessionCount()).toBe(2);
      const refused = await rawRequest(serving.url, { body: initializeBody(41) });
      expect(refused.status).toBe(503);
      // Idle sessions live 1800 s by default: the advice follows that, not a fixed 60 s.
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(1700);
      expect(retryAfter).toBeLessThanOrEqual(1800 + 30);
      expect(refused.json).toMatchObject({
        error: {
          message: expect.stringContaining(
            `sessions expire after 1800 s idle, the next in about ${retryAfter} s`,
          ),
        },
      });
      expect(refused.json).toMatchObject({
        jsonrpc: '2.0',
        id: 41,
        error: { code: -32000, message: expect.stringMatching(/maximum of 2 MCP sessions \(maxSessions\)/) },
      });
      await expect(connectClient(serving.url, 'third')).rejects.toThrow(/503|maximum of 2/);

      await first.transport.terminateSession();
      await first.client.close();
      const third = await connectClient(serving.url, 'third');
      expect((await third.client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
      expect((await second.client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
      await Promise.all([second.client.close(), third.client.close()]);
    } finally {
      await serving.close();
    }
  });

  it('frees the session slot when building the server of an initialize throws', async () => {
    let failures = 3;
    const serving = await serveHttp({
      createServer: () => {
        if (failures-- > 0) throw new Error('cannot build the server');
        return new McpServer({ name: 'plain', version: '1.0.0' });
      },
      port: 0,
      maxSessions: 2,
    });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await rawRequest(serving.url, { body: initializeBody() })).status).toBe(500);
      const opened = await rawRequest(serving.url, { body: initializeBody() });
      expect(opened.status).toBe(200);
      expect(serving.sessionCount()).toBe(1);
    } finally {
      await serving.close();
    }
  });

  it('turns on TCP keep-alive and sends SSE heartbeats on an open GET stream, so vanished clients are found out', async () => {
    const setKeepAlive = vi.spyOn(Socket.prototype, 'setKeepAlive');
    const { serving } = await startTestServer(upstream, { sseHeartbeatIntervalInMs: 50 });
    try {
      const opened = await rawRequest(serving.url, { body: initializeBody() });
      expect(setKeepAlive).toHaveBeenCalledWith(true, 30_000);
      const sessionId = opened.headers['mcp-session-id'] as string;
      const stream = await fetch(serving.url, {
        headers: {
          accept: 'text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toContain(': keepalive');
      await reader.cancel();
    } finally {
      setKeepAlive.mockRestore();
      await serving.close();
    }
  });

  it('closes every session on close()', async () => {
    const { serving } = await startTestServer(upstream);
    const { client } = await connectClient(serving.url);
    expect(serving.sessionCount()).toBe(1);
    await serving.close();
    expect(serving.sessionCount()).toBe(0);
    await client.close();
  });
});

describe('serveHttp stateless', () => {
  it('serves concurrent clients without sessions, with progress when asked for', async () => {
    const { serving } = await startTestServer(upstream, { stateless: true });
    try {
      const clients = await Promise.all(
        Array.from({ length: 8 }, (_, index) => connectClient(serving.url, `c${index}`)),
      );
      // Each client holds a stateless client token (for cancels), not a session.
      const tokens = new Set(clients.map(({ transport }) => transport.sessionId));
      expect(tokens.size).toBe(8);
      expect([...tokens].every((token) => /^[0-9a-f-]{36}$/.test(token ?? ''))).toBe(true);
      const results = await Promise.all(
        clients.flatMap(({ client }, index) =>
          [0, 1, 2].map((turn) =>
            client.callTool({
              name: 'chat',
              arguments: { prompt: `client ${index} turn ${turn}`, model: 'kimi-k2' },
            }),
          ),
        ),
      );
      expect(results.every((result) => !result.isError && textOf(result).startsWith('Fine.'))).toBe(true);
      const ids = new Set(
        results.map((result) => (result.structuredContent as { continuation_id: string }).continuation_id),
      );
      expect(ids.size).toBe(24);
      expect(serving.sessionCount()).toBe(0);

      // Threads live in the store, not in a session: any request may continue one.
      const [{ client }] = clients as [(typeof clients)[0]];
      const continued = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'And then?', continuation_id: [...ids][0] },
      });
      expect(continued.isError).toBeFalsy();

      upstream.enqueue({ reply: { text: 'One two three four five six.', chunks: 5 }, chunkDelayMs: 30 });
      const updates: string[] = [];
      const withProgress = await client.callTool(
        { name: 'chat', arguments: { prompt: 'Count.' } },
        undefined,
        {
          onprogress: (progress) => updates.push(progress.message ?? ''),
        },
      );
      expect(withProgress.isError).toBeFalsy();
      expect(updates.some((message) => message.includes('writing'))).toBe(true);

      const get = await rawRequest(serving.url, { method: 'GET', headers: { accept: 'text/event-stream' } });
      expect(get.status).toBe(405);
      const put = await rawRequest(serving.url, { method: 'PUT', body: '{}' });
      expect(put.status).toBe(405);
      expect(put.headers.allow).toBe('POST');
      expect(put.json).toMatchObject({ error: { message: 'Method not allowed: PUT (use POST)' } });
      await Promise.all(clients.map(({ client: each }) => each.close()));
    } finally {
      await serving.close();
    }
  });

  it('refuses an empty batch and a batch with duplicate request ids with 400, and skips a request cancelled in its own batch', async () => {
    const { serving } = await startTestServer(upstream, { stateless: true });
    const version = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'version', arguments: {} },
    });
    try {
      const empty = await rawRequest(serving.url, { body: '[]' });
      expect(empty.status).toBe(400);
      expect(empty.json).toMatchObject({ error: { code: -32600, message: /empty batch/ } });

      const duplicate = await rawRequest(serving.url, { body: JSON.stringify([version(1), version(1)]) });
      expect(duplicate.status).toBe(400);
      expect(duplicate.json).toMatchObject({ error: { code: -32600, message: /must have unique ids/ } });

      const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
      const withCancel = await rawRequest(serving.url, {
        body: JSON.stringify([version(1), cancel, version(2)]),
      });
      expect(withCancel.status).toBe(200);
      expect((withCancel.json as Array<{ id: number }>).map((answer) => answer.id)).toEqual([2]);
      const allCancelled = await rawRequest(serving.url, {
        body: JSON.stringify([version(3), { ...cancel, params: { requestId: 3 } }]),
      });
      expect(allCancelled.status).toBe(202);

      const after = await rawRequest(serving.url, { body: JSON.stringify(version(4)) });
      expect(after.json).toMatchObject({ id: 4, result: { structuredContent: { version: '9.9.9-test' } } });
    } finally {
      await serving.close();
    }
  });

  it('answers a plain JSON tools/call without initialize, and cancels the upstream call when the client disconnects', async () => {
    const { serving } = await startTestServer(upstream, { stateless: true });
    try {
      const plain = await rawRequest(serving.url, {
        headers: { 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 'a',
          method: 'tools/call',
          params: { name: 'version', arguments: {} },
        }),
      });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-type']).toMatch(/application\/json/);
      expect(plain.json).toMatchObject({
        jsonrpc: '2.0',
        id: 'a',
        result: { structuredContent: { version: '9.9.9-test' } },
      });

      upstream.enqueue({ reply: { text: 'a '.repeat(100) }, delayBeforeHeadersMs: 5_000 });
      const controller = new AbortController();
      const pending = fetch(serving.url, {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'chat', arguments: { prompt: 'Long.' } },
        }),
      });
      await upstream.waitForRequests(upstream.requests.length + 1);
      controller.abort();
      await expect(pending).rejects.toThrow();
      const aborted = await upstream.waitForClientAbort();
      expect(aborted.path).toMatch(/chat\/completions$/);

      // The server of the cancelled call is never reused; the next requests are answered normally.
      const after = await Promise.all(
        [1, 2, 3].map((id) =>
          rawRequest(serving.url, {
            body: JSON.stringify({
              jsonrpc: '2.0',
              id,
              method: 'tools/call',
              params: { name: 'version', arguments: {} },
            }),
          }),
        ),
      );
      expect(after.map((response) => (response.json as { id: number }).id)).toEqual([1, 2, 3]);
      expect(
        after.every((response) => response.status === 200 && !response.text.includes('"isError":true')),
      ).toBe(true);
    } finally {
      await serving.close();
    }
  });
});
