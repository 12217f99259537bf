import { createExaiServer } from '@exai/mcp';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { serveHttp, type HttpServing } from '../index.js';

let serving: HttpServing | undefined;
afterEach(async () => {
  await serving?.close();
  serving = undefined;
});

const headers = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2025-06-18',
};

async function post(url: string, message: Record<string, unknown>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  await response.text();
  return response.status;
}

describe('serveHttp stateless', () => {
  it('never reuses a server that saw a client’s initialize or logging level, but reuses others', async () => {
    let built = 0;
    const runtime = {
      registry: createProviderRegistry({ providers: [] }),
      store: createMemorySessionStore(),
      version: '9.9.9-test',
    };
    serving = await serveHttp({
      createServer: () => {
        built += 1;
        return createExaiServer(runtime);
      },
      port: 0,
      stateless: true,
    });
    const version = { id: 1, method: 'tools/call', params: { name: 'version', arguments: {} } };
    expect(await post(serving.url, version)).toBe(200);
    expect(await post(serving.url, version)).toBe(200);
    expect(built).toBe(1);

    expect(await post(serving.url, { id: 2, method: 'logging/setLevel', params: { level: 'debug' } })).toBe(
      200,
    );
    expect(await post(serving.url, version)).toBe(200);
    expect(built).toBe(2);

    const initialize = {
      id: 3,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: { roots: {} },
        clientInfo: { name: 'a', version: '1' },
      },
    };
    expect(await post(serving.url, initialize)).toBe(200);
    expect(await post(serving.url, version)).toBe(200);
    expect(built).toBe(3);
  });
});
