import { connect } from 'node:net';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  initializeBody,
  rawRequest,
  startTestServer,
  textOf,
  type TestServer,
} from './test-helpers/start-test-server.js';

let upstream: FakeUpstream;
let server: TestServer;
let port: string;

beforeAll(async () => {
  upstream = await createFakeUpstream();
  server = await startTestServer(upstream, { maxBodyBytes: 64 * 1024 });
  port = new URL(server.serving.url).port;
});
afterAll(async () => {
  await server.serving.close();
  await upstream.close();
});

async function stillServing(): Promise<void> {
  const { client } = await connectClient(server.serving.url);
  try {
    expect((await client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
  } finally {
    await client.close();
  }
}

describe('serveHttp DNS-rebinding protection', () => {
  it('refuses a foreign Host with 403 naming the header and the allowed hosts', async () => {
    const response = await rawRequest(server.serving.url, {
      headers: { host: `evil.example.com:${port}` },
      body: initializeBody(),
    });
    expect(response.status).toBe(403);
    const error = (response.json as { error: { code: number; message: string } }).error;
    expect(error.code).toBe(-32000);
    expect(error.message).toContain('Host header "evil.example.com:');
    expect(error.message).toContain(`localhost:${port}, 127.0.0.1:${port}, [::1]:${port}`);
    expect(server.serving.sessionCount()).toBe(0);
  });

  it('refuses a loopback name on another port, and a foreign Origin, with 403', async () => {
    const otherPort = await rawRequest(server.serving.url, {
      headers: { host: 'localhost:1' },
      body: initializeBody(),
    });
    expect(otherPort.status).toBe(403);
    const origin = await rawRequest(server.serving.url, {
      headers: { origin: 'http://evil.example.com' },
      body: initializeBody(),
    });
    expect(origin.status).toBe(403);
    expect((origin.json as { error: { message: string } }).error.message).toMatch(
      /Origin header "http:\/\/evil\.example\.com" is not allowed.*allowed origins: http:\/\/localhost:/,
    );
    const get = await rawRequest(server.serving.url, {
      method: 'GET',
      headers: { host: 'evil.example.com' },
    });
    expect(get.status).toBe(403);
  });

  it('accepts the loopback names with the bound port, with or without a matching Origin', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const response = await rawRequest(server.serving.url, {
        headers: { host, origin: `http://${host}` },
        body: initializeBody(),
      });
      expect(response.status, host).toBe(200);
      const sessionId = response.headers['mcp-session-id'] as string;
      await rawRequest(server.serving.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId } });
    }
  });

  it('uses the allow-lists given, where a name without a port matches any port', async () => {
    const custom = await startTestServer(upstream, {
      allowedHosts: ['mcp.example.com'],
      allowedOrigins: ['https://app.example.com'],
    });
    try {
      const ok = await rawRequest(custom.serving.url, {
        headers: { host: 'mcp.example.com:443', origin: 'https://app.example.com' },
        body: initializeBody(),
      });
      expect(ok.status).toBe(200);
      const loopback = await rawRequest(custom.serving.url, { body: initializeBody() });
      expect(loopback.status).toBe(403);
      const origin = await rawRequest(custom.serving.url, {
        headers: { host: 'mcp.example.com', origin: 'https://evil.example.com' },
        body: initializeBody(),
      });
      expect(origin.status).toBe(403);
    } finally {
      await custom.serving.close();
    }
  });
});

describe('serveHttp bad input', () => {
  it('answers malformed JSON with 400 and a parse error, and keeps serving', async () => {
    const response = await rawRequest(server.serving.url, { body: '{"jsonrpc": "2.0", "id": 1, "method": ' });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: expect.stringMatching(/^Parse error/) },
    });
    await stillServing();
  });

  it('answers a body over maxBodyBytes with 413 naming the limit, and keeps serving', async () => {
    const prompt = 'x'.repeat(70 * 1024);
    const declared = await rawRequest(server.serving.url, {
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'chat', arguments: { prompt } },
      }),
    });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({
      error: { code: -32000, message: expect.stringContaining('65536 bytes') },
    });

    const chunked = await rawRequest(server.serving.url, {
      headers: { 'transfer-encoding': 'chunked' },
      body: Buffer.from(
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { padding: prompt } }),
      ),
    });
    expect(chunked.status).toBe(413);
    await stillServing();
  });

  it('logs a client that disconnects in the middle of its body as one short line, without a stack', async () => {
    const logged = server.logLines.length;
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        'Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expect
      .poll(() => server.logLines.slice(logged))
      .toEqual([expect.stringContaining('POST /mcp: the client disconnected before sending the whole body')]);
    expect(server.logLines.slice(logged).join('\n')).not.toMatch(/\n\s+at /);
    await stillServing();
  });

  it('refuses a JSON body that is not JSON-RPC, a wrong content type, and other methods', async () => {
    const notRpc = await rawRequest(server.serving.url, { body: JSON.stringify({ hello: 'world' }) });
    expect(notRpc.status).toBe(400);
    const put = await rawRequest(server.serving.url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, DELETE');
    const elsewhere = await rawRequest(server.serving.url.replace(/\/mcp$/, '/other'), {
      body: initializeBody(),
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.text).toContain('MCP is served at /mcp');
    await stillServing();
  });

  it('turns an unknown tool and wrong argument types into errors, and keeps answering', async () => {
    const { client } = await connectClient(server.serving.url);
    try {
      const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain('no_such_tool');
      const wrongTypes = await client.callTool({
        name: 'chat',
        arguments: { prompt: 42, temperature: 'hot' },
      });
      expect(wrongTypes.isError).toBe(true);
      expect(textOf(wrongTypes)).toMatch(/prompt/);
      expect(upstream.requests).toHaveLength(0);
      expect((await client.callTool({ name: 'version', arguments: {} })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
