import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { PassThrough } from 'node:stream';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectBridgedClient,
  findFreePort,
  startBridge,
  startTestDaemon,
  type BridgedClient,
  type TestDaemon,
} from './connect-test-helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function daemon(options?: { port?: number }): Promise<TestDaemon> {
  const started = await startTestDaemon(options);
  cleanups.push(() => started.stop());
  return started;
}

async function bridged(options: Parameters<typeof connectBridgedClient>[0]): Promise<BridgedClient> {
  const connected = await connectBridgedClient(options);
  cleanups.push(() => connected.close());
  return connected;
}

/**
 * Lets the bridge see the daemon's connections close, as it has long done by the time a person
 * restarts a daemon: a request written in the very instant a daemon dies may have reached it, and is
 * answered "lost" rather than sent again.
 */
async function afterConnectionsClosed(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function textOf(result: unknown): string {
  return ((result as { content: Array<{ text: string }> }).content[0] ?? { text: '' }).text;
}

/** Reads the JSON-RPC lines the bridge writes to its stdout. */
function lineReader(stdout: PassThrough): () => Promise<Record<string, unknown>> {
  const lines: string[] = [];
  let buffer = '';
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.trim() !== ''));
  });
  return async () => {
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBeGreaterThan(0);
    return JSON.parse(lines.shift() as string) as Record<string, unknown>;
  };
}

/** A bridge driven with raw JSON-RPC lines (stopped after the test), and a client `initialize` for it. */
function rawBridge(options: Parameters<typeof startBridge>[0]) {
  const started = startBridge(options);
  cleanups.push(async () => {
    started.stdin.end();
    await started.bridge.closed;
  });
  const send = (message: object) => started.stdin.write(`${JSON.stringify(message)}\n`);
  const initialize = (id: string) =>
    send({
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
  return { ...started, read: lineReader(started.stdout), send, initialize };
}

describe('startStdioHttpBridge', () => {
  it('lets an SDK client list tools and call one through the bridge, and closes the session when stdin ends', async () => {
    const server = await daemon();
    const { client, bridge, close } = await connectBridgedClient({ url: server.url });
    expect(client.getServerVersion()?.name).toBe('test-daemon');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['echo', 'count', 'wait']);
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toBe('echo: hi');
    expect(server.sessionCount()).toBe(1);
    expect(bridge.sessionId()).toMatch(/^[0-9a-f-]{36}$/);

    await close();
    expect(server.sessionCount()).toBe(0);
    expect(server.requests.at(-1)?.method).toBe('DELETE');
  });

  it('passes every id through unchanged, and answers a request it cannot deliver with an error carrying its id', async () => {
    const server = await daemon();
    const { read, send, initialize } = rawBridge({ url: server.url, maxQueueWaitInMs: 300 });

    initialize('init-1');
    expect(await read()).toMatchObject({ id: 'init-1', result: { serverInfo: { name: 'test-daemon' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 42, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 'x-7', method: 'ping' });
    const answers = [await read(), await read()];
    expect(answers.map((answer) => answer.id).sort()).toEqual([42, 'x-7']);

    // Progress comes through in order, before the result, with the client's own token.
    send({
      jsonrpc: '2.0',
      id: 'call-1',
      method: 'tools/call',
      params: { name: 'count', arguments: { steps: 2 }, _meta: { progressToken: 'token-1' } },
    });
    expect([await read(), await read(), await read()]).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 'token-1', progress: 1, total: 2, message: 'step 1' },
      },
      {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 'token-1', progress: 2, total: 2, message: 'step 2' },
      },
      { jsonrpc: '2.0', id: 'call-1', result: { content: [{ type: 'text', text: 'counted 2' }] } },
    ]);

    await server.stop();
    await afterConnectionsClosed();
    send({
      jsonrpc: '2.0',
      id: 43,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'lost' } },
    });
    const error = await read();
    expect(error).toMatchObject({ jsonrpc: '2.0', id: 43, error: { code: -32000 } });
    const message = (error.error as { message: string }).message;
    expect(message).toContain(`the exai daemon at ${server.url} is unreachable`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('exai serve --http');
  });

  it('passes progress notifications through', async () => {
    const server = await daemon();
    const { client } = await bridged({ url: server.url });
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool({ name: 'count', arguments: { steps: 3 } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    expect(textOf(result)).toBe('counted 3');
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('forwards cancellation with the request id unchanged', async () => {
    const server = await daemon();
    const { client } = await bridged({ url: server.url });
    const abort = new AbortController();
    const waiting = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: abort.signal });
    await expect.poll(() => server.requests.filter((request) => request.method === 'POST').length).toBe(3);
    abort.abort('changed my mind');
    await expect(waiting).rejects.toThrow(/changed my mind/);
    await expect.poll(() => server.cancelled).toHaveLength(1);
    // initialize was 0, tools/call 1: the daemon saw the client's own id.
    expect(server.cancelled).toEqual([1]);
    // The bridge still works afterwards.
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'after' } }))).toBe('echo: after');
  });

  it('serves two bridges at once, each with its own session', async () => {
    const server = await daemon();
    const first = await connectBridgedClient({ url: server.url, clientName: 'window-1' });
    const second = await connectBridgedClient({ url: server.url, clientName: 'window-2' });
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    expect(server.sessionCount()).toBe(2);
    expect(first.bridge.sessionId()).not.toBe(second.bridge.sessionId());
    const [a, b] = await Promise.all([
      first.client.callTool({ name: 'echo', arguments: { text: 'one' } }),
      second.client.callTool({ name: 'echo', arguments: { text: 'two' } }),
    ]);
    expect([textOf(a), textOf(b)]).toEqual(['echo: one', 'echo: two']);

    await first.close();
    expect(server.sessionCount()).toBe(1);
    expect(textOf(await second.client.callTool({ name: 'echo', arguments: { text: 'still' } }))).toBe(
      'echo: still',
    );
  });

  it('answers initialize at once when the daemon is down at start; a later initialize connects', async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    const started = Date.now();
    await expect(connectBridgedClient({ url, maxQueueWaitInMs: 30_000 })).rejects.toThrow(
      new RegExp(`the exai daemon at ${url} is unreachable \\(connect ECONNREFUSED.*exai serve --http`),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    const server = await daemon({ port });
    const { client } = await bridged({ url });
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'late' } }))).toBe('echo: late');
    expect(server.sessionCount()).toBe(1);
  });

  it('answers a call at once when the daemon has stayed down past the reconnect grace', async () => {
    const server = await daemon();
    const { client, logs } = await bridged({
      url: server.url,
      maxQueueWaitInMs: 30_000,
      reconnectGraceInMs: 200,
    });
    await client.ping();
    await server.stop();
    await expect.poll(() => logs.join('\n')).toContain('is unreachable');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await expect(client.listTools()).rejects.toThrow(/is unreachable .*exai serve --http/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers initialize with an error when the daemon stays down', async () => {
    const port = await findFreePort();
    await expect(
      connectBridgedClient({ url: `http://127.0.0.1:${port}/mcp`, maxQueueWaitInMs: 300 }),
    ).rejects.toThrow(/is unreachable \(connect ECONNREFUSED.*exai serve --http/);
  });

  it('answers initialize with an error at once when the URL is not an MCP endpoint', async () => {
    const server = await daemon();
    const started = Date.now();
    await expect(
      connectBridgedClient({ url: server.url.replace(/\/mcp$/, '/nope'), maxQueueWaitInMs: 5_000 }),
    ).rejects.toThrow(/refused the request: HTTP 404: .*is the URL the daemon's MCP endpoint/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('re-initializes transparently after the daemon restarts mid-session', async () => {
    const server = await daemon();
    const { client, logs } = await bridged({ url: server.url, clientName: 'ide-window' });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'before' } }))).toBe(
      'echo: before',
    );

    await server.stop();
    await afterConnectionsClosed();
    await server.start();
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'after' } }))).toBe('echo: after');
    expect(server.sessionCount()).toBe(1);
    // The replayed initialize carried the client's own parameters; its answer went nowhere.
    expect(server.initializes.map((entry) => entry.clientName)).toEqual(['ide-window', 'ide-window']);
    expect(logs.join('\n')).toContain('reconnected to');
    expect(errors).toEqual([]);
  });

  it('re-initializes when the daemon answers 404 for a session it forgot, and resends the request', async () => {
    const server = await daemon();
    const { client, bridge } = await bridged({ url: server.url, clientName: 'ide-window' });
    const firstSession = bridge.sessionId();
    await server.forgetSessions();
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'again' } }))).toBe('echo: again');
    expect(bridge.sessionId()).not.toBe(firstSession);
    const posted = server.requests
      .filter((request) => request.method === 'POST')
      .map((request) => request.rpcMethod);
    // Before the second initialize, the first session's tools/call (or its GET stream) was answered 404.
    expect(posted.slice(0, 2)).toEqual(['initialize', 'notifications/initialized']);
    expect(posted.slice(-3)).toEqual(['initialize', 'notifications/initialized', 'tools/call']);
    expect(server.initializes.map((entry) => entry.clientName)).toEqual(['ide-window', 'ide-window']);
  });

  it('resends the requests a forgotten session turned away in the order the client sent them', async () => {
    const server = await daemon();
    const postedIds: unknown[] = [];
    const { read, send, initialize } = rawBridge({
      url: server.url,
      fetch: (url, init) => {
        if (init?.method === 'POST') postedIds.push((JSON.parse(String(init.body)) as { id?: unknown }).id);
        return fetch(url, init);
      },
    });
    initialize('init');
    expect(await read()).toMatchObject({ id: 'init' });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await expect.poll(() => server.requests.some((request) => request.method === 'GET')).toBe(true);

    await server.forgetSessions();
    for (const id of ['a', 'b', 'c'])
      send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text: id } } });
    const answers = [await read(), await read(), await read()];
    expect(answers.map((answer) => answer.id).sort()).toEqual(['a', 'b', 'c']);
    const resent = postedIds.slice(postedIds.lastIndexOf(undefined) + 1);
    expect(resent).toEqual(['a', 'b', 'c']);
  });

  it('logs that the session ended, not that the daemon is unreachable, when the daemon is up but forgot it', async () => {
    const server = await daemon();
    let initializedPosts = 0;
    const { client, logs } = await bridged({
      url: server.url,
      fetch: (url, init) => {
        // The daemon also drops the first replacement session, right after answering its initialize.
        if (String(init?.body).includes('notifications/initialized') && ++initializedPosts === 2) {
          const body = { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } };
          return Promise.resolve(Response.json(body, { status: 404 }));
        }
        return fetch(url, init);
      },
    });
    await server.forgetSessions();
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'again' } }))).toBe('echo: again');
    const log = logs.join('\n');
    expect(log).toMatch(/ended session .*the daemon restarted or the session expired; opening a new session/);
    expect(log).toMatch(
      /ended the session \(the daemon restarted or the session expired\); opening a new one/,
    );
    expect(log).not.toContain('unreachable');
    expect(log).not.toContain('exai serve --http');
  });

  it('reconnects on its own while idle, so the next call after a longer outage just works', async () => {
    const server = await daemon();
    const { client, logs } = await bridged({ url: server.url });
    await client.ping();
    await server.stop();
    await expect.poll(() => logs.join('\n')).toContain('is unreachable');
    await server.start();
    await expect.poll(() => logs.join('\n'), { timeout: 5_000 }).toContain('reconnected to');
    expect(server.sessionCount()).toBe(1);
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'back' } }))).toBe('echo: back');
  });

  it('answers a request whose daemon went away mid-call with an error carrying its id', async () => {
    const server = await daemon();
    const { client } = await bridged({ url: server.url, maxQueueWaitInMs: 500 });
    const waiting = client.callTool({ name: 'wait', arguments: {} });
    await expect.poll(() => server.requests.filter((request) => request.method === 'POST').length).toBe(3);
    await server.stop();
    const error = await waiting.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32000);
    expect((error as McpError).message).toMatch(
      /connection to the exai daemon at .* was lost before it answered/,
    );
    // A request sent while the daemon stays down waits for it, then fails naming how to start it.
    await expect(client.listTools()).rejects.toThrow(/is unreachable .*exai serve --http/);
  });

  it('does not run a call twice when a stateless daemon dies after receiving it: the client gets the lost error', async () => {
    // A stateless daemon answering with plain JSON: the answer to a call comes only at its end.
    let toolCalls = 0;
    let http: HttpServer | undefined;
    const port = await findFreePort();
    const listen = async () => {
      http = createServer((request, response) => {
        if (request.method !== 'POST') return void response.writeHead(405).end();
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            id?: number;
            method: string;
          };
          if (message.id === undefined) return void response.writeHead(202).end();
          if (message.method === 'tools/call') {
            toolCalls += 1;
            // The process dies while the model call runs: no response, every connection dropped.
            const dying = http;
            dying?.close();
            dying?.closeAllConnections();
            return;
          }
          const result =
            message.method === 'initialize'
              ? {
                  protocolVersion: '2025-06-18',
                  capabilities: { tools: {} },
                  serverInfo: { name: 'stateless', version: '1' },
                }
              : {};
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
        });
      });
      await new Promise<void>((resolve) => http?.listen(port, '127.0.0.1', resolve));
    };
    await listen();
    cleanups.push(async () => {
      http?.closeAllConnections();
      await new Promise((resolve) => http?.close(resolve));
    });
    const { client, logs } = await bridged({ url: `http://127.0.0.1:${port}/mcp` });
    const calling = client.callTool({ name: 'review', arguments: {} }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await expect.poll(() => toolCalls).toBe(1);
    await listen(); // restarted: a resent call would reach it
    expect(String(await calling)).toMatch(/was lost before it answered .*may or may not have run/);
    await expect.poll(() => logs.join('\n'), { timeout: 5_000 }).toContain('reconnected to');
    await client.ping();
    expect(toolCalls).toBe(1);
  });

  it('stops when stdin ends while the daemon is down', async () => {
    const server = await daemon();
    const { bridge, close } = await connectBridgedClient({ url: server.url });
    await server.stop();
    const closing = close();
    await expect(closing).resolves.toBeUndefined();
    await expect(bridge.closed).resolves.toBeUndefined();
  });

  it('answers a line that is not JSON-RPC with an error, as exai serve does, and keeps reading', async () => {
    const server = await daemon();
    const { stdin, read, logs } = rawBridge({ url: server.url });
    stdin.write('{"jsonrpc": "2.0", "id": 1, "method": \n');
    expect(await read()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(logs.join('\n')).toMatch(/refused a message on stdin: Parse error/);
    stdin.write('{"id": 7}\n');
    expect(await read()).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32600 } });
  });

  it('stops on a stdin end even before any message', async () => {
    const { bridge, stdin } = startBridge({ url: 'http://127.0.0.1:9/mcp' });
    stdin.end();
    await once(stdin, 'end');
    await expect(bridge.closed).resolves.toBeUndefined();
  });
});
