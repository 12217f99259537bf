import { describe, expect, it } from 'vitest';
import { afterConnectionsClosed, textOf, useBridgeTestHarness } from './bridge-test-harness.js';
import { connectBridgedClient, findFreePort } from './connect-test-helpers.js';

const { daemon, bridged, rawBridge } = useBridgeTestHarness();

describe('startStdioHttpBridge: connecting and reconnecting to the daemon', () => {
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
});
