import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExaiServer } from './create-exai-server.js';

let client: Client;

beforeAll(async () => {
  const server = createExaiServer({
    registry: createProviderRegistry({ providers: [] }),
    store: createMemorySessionStore(),
    version: '1.0.0',
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'params-test', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
});
afterAll(() => client.close());

async function rpcError(call: () => Promise<unknown>): Promise<McpError> {
  const error = await call().then(
    (result) => {
      throw new Error(`expected a JSON-RPC error, got ${JSON.stringify(result)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe('invalid tools/call params', () => {
  it('answers a tool the server does not offer with the tools it does, and how to offer an exai tool', async () => {
    const unknown = await client.callTool({ name: 'nosuchtool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect((unknown.content as Array<{ text: string }>)[0]!.text).toMatch(
      /^invalid_argument: No tool named "nosuchtool" on this server; it offers chat, .*version\.$/,
    );
    // clink is an exai tool of the full profile; this server has the default (standard) one.
    const leftOut = await client.callTool({ name: 'clink', arguments: {} });
    expect(leftOut.isError).toBe(true);
    expect((leftOut.content as Array<{ text: string }>)[0]!.text).toMatch(
      /^invalid_argument: The tool "clink" is not offered by this server: its tool profile or EXAI_TOOLS_DISABLED leaves it out\. Offer it with --profile full or EXAI_TOOLS_ENABLED=clink\. This server offers chat, /,
    );
  });

  it('keeps wrong arguments a tool result, naming the argument and what was expected', async () => {
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'hi', temperature: 'hot' } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: 'invalid_argument: Invalid arguments for tool chat: temperature: expected number, received string.',
      },
    ]);
  });

  it('answers -32602 for malformed params, not -32603 with a validation dump', async () => {
    const notObject = await rpcError(() =>
      client.request(
        { method: 'tools/call', params: { name: 'chat', arguments: 'x' } as never },
        CallToolResultSchema,
      ),
    );
    expect(notObject.code).toBe(ErrorCode.InvalidParams);
    expect(notObject.message).toContain(
      'Invalid params for tools/call: params.arguments: expected record, received string.',
    );
    const noName = await rpcError(() =>
      client.request({ method: 'tools/call', params: { arguments: {} } as never }, CallToolResultSchema),
    );
    expect(noName.code).toBe(ErrorCode.InvalidParams);
    expect(noName.message).toContain('params.name: expected string, received undefined');
    expect(noName.message).not.toContain('[');
  });

  it('still runs a tool whose arguments are valid', async () => {
    const result = await client.callTool({ name: 'listmodels', arguments: {} });
    expect(result.isError).not.toBe(true);
  });
});
