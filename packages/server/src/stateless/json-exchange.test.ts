import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectServer } from './json-exchange.js';

function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
}

describe('connectServer', () => {
  it("hands requests to the SDK's request handler directly, and everything else to onmessage", async () => {
    const { server, transport } = await connectServer(echoServer);
    const classified: JSONRPCMessage[] = [];
    const onmessage = transport.onmessage!;
    transport.onmessage = (message, extra) => {
      classified.push(message);
      onmessage(message, extra);
    };
    const call = {
      jsonrpc: '2.0' as const,
      id: 7,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'hi' } },
    };
    const initialized = { jsonrpc: '2.0' as const, method: 'notifications/initialized' };
    const [answer] = await transport.exchange([call, initialized], [7]);
    expect(answer).toEqual({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'hi' }] } });
    expect(classified).toEqual([initialized]);

    // The SDK's checks still run on that path: a bad argument is an error result, not a crash.
    const [refused] = await transport.exchange(
      [{ ...call, id: 8, params: { name: 'echo', arguments: { text: 3 } } }],
      [8],
    );
    expect(refused).toMatchObject({ id: 8, result: { isError: true } });
    await server.close();
  });
});
