import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createMemorySessionStore, createProviderRegistry, type SessionStoreV1 } from '@exai/core';
import { createExaiServer, LineTransport, serveStdio, type ExaiRuntime } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import type { FakeUpstream } from '@exai/testkit';
import { serveHttp } from '../index.js';
import { connectClient } from './start-test-server.js';

/** The three ways a client reaches exai. */
export type TransportKind = 'stdio' | 'session HTTP' | 'stateless HTTP';
export const transportKinds: readonly TransportKind[] = ['stdio', 'session HTTP', 'stateless HTTP'];

export interface ConnectedExai {
  client: Client;
  store: SessionStoreV1;
  close(): Promise<void>;
}

/**
 * exai (Kimi at the fake upstream, a memory store) served over `kind`, with an SDK client
 * connected to it: stdio through the line transport on in-process pipes, HTTP on a free port.
 */
export async function connectOver(
  kind: TransportKind,
  upstream: FakeUpstream,
  limits: ExaiRuntime['limits'] = {},
): Promise<ConnectedExai> {
  const store = createMemorySessionStore();
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store,
    version: '9.9.9-test',
    limits,
  };
  if (kind === 'stdio') {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serving = await serveStdio(createExaiServer(runtime), { stdin: toServer, stdout: toClient });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(new LineTransport({ stdin: toClient, stdout: toServer }));
    return {
      client,
      store,
      async close() {
        await client.close();
        await serving.close();
      },
    };
  }
  const serving = await serveHttp({
    createServer: () => createExaiServer(runtime),
    port: 0,
    stateless: kind === 'stateless HTTP',
  });
  const { client } = await connectClient(serving.url);
  return {
    client,
    store,
    async close() {
      await client.close();
      await serving.close();
    },
  };
}
