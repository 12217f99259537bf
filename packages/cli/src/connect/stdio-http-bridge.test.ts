import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { afterConnectionsClosed, textOf, useBridgeTestHarness } from './bridge-test-harness.js';
import { connectBridgedClient, startBridge } from './connect-test-helpers.js';

const { onCleanup, daemon, bridged, rawBridge } = useBridgeTestHarness();

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
    onCleanup(
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
