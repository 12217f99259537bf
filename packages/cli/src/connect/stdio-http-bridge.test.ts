import { once } from 'node:events';
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
    const { bridge, stdin, stdout } = startBridge({ url: server.url, maxQueueWaitInMs: 300 });
    cleanups.push(async () => {
      stdin.end();
      await bridge.closed;
    });
    const read = lineReader(stdout);
    const send = (message: object) => stdin.write(`${JSON.stringify(message)}\n`);

    send({
      jsonrpc: '2.0',
      id: 'init-1',
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
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

  it('waits with backoff when the daemon is down at start, then connects once it is up', async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    let server: TestDaemon | undefined;
    const starting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      server = await daemon({ port });
    })();
    const { client, logs } = await bridged({ url });
    await starting;
    expect(logs.join('\n')).toMatch(
      new RegExp(`the exai daemon at ${url} is unreachable \\(connect ECONNREFUSED`),
    );
    expect(logs.join('\n')).toContain(`connected to ${url}`);
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'late' } }))).toBe('echo: late');
    expect(server?.sessionCount()).toBe(1);
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

  it('stops when stdin ends while the daemon is down', async () => {
    const server = await daemon();
    const { bridge, close } = await connectBridgedClient({ url: server.url });
    await server.stop();
    const closing = close();
    await expect(closing).resolves.toBeUndefined();
    await expect(bridge.closed).resolves.toBeUndefined();
  });

  it('stops on a stdin end even before any message', async () => {
    const { bridge, stdin } = startBridge({ url: 'http://127.0.0.1:9/mcp' });
    stdin.end();
    await once(stdin, 'end');
    await expect(bridge.closed).resolves.toBeUndefined();
  });
});
