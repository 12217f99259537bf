import { createServer, type Server as HttpServer } from 'node:http';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { useBridgeTestHarness } from './bridge-test-harness.js';
import { findFreePort } from './connect-test-helpers.js';

const { onCleanup, daemon, bridged } = useBridgeTestHarness();

describe('startStdioHttpBridge: requests in flight when the daemon goes away', () => {
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
    onCleanup(async () => {
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
});
