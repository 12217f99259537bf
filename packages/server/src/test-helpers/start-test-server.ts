import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createExaiServer, type ExaiRuntime } from '@exai/mcp';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { createKimi } from '@exai/providers';
import type { FakeUpstream } from '@exai/testkit';
import { serveHttp, type HttpServing, type ServeHttpAuth, type ServeHttpOptions } from '../index.js';

export interface TestServer {
  serving: HttpServing;
  runtime: ExaiRuntime;
  logLines: string[];
  /** How many MCP servers `serveHttp` has built so far. */
  serversBuilt(): number;
}

/**
 * `serveHttp` on a free 127.0.0.1 port, serving exai with Kimi pointed at the fake upstream. `auth`
 * may be built from the runtime (its memory store holds the API keys).
 */
export async function startTestServer(
  upstream: FakeUpstream,
  {
    auth,
    ...options
  }: Omit<ServeHttpOptions, 'createServer' | 'auth'> & {
    auth?: ServeHttpAuth | ((runtime: ExaiRuntime) => ServeHttpAuth);
  } = {},
): Promise<TestServer> {
  const logLines: string[] = [];
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store: createMemorySessionStore(),
    version: '9.9.9-test',
    logger: (line) => logLines.push(line),
  };
  let built = 0;
  const serving = await serveHttp({
    createServer: () => {
      built += 1;
      return createExaiServer(runtime);
    },
    port: 0,
    logger: (line) => logLines.push(line),
    ...options,
    ...(auth !== undefined && { auth: typeof auth === 'function' ? auth(runtime) : auth }),
  });
  return { serving, runtime, logLines, serversBuilt: () => built };
}

/** An SDK client connected over Streamable HTTP. */
export async function connectClient(
  url: string,
  name = 'http-test',
  headers?: Record<string, string>,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(
    new URL(url),
    headers === undefined ? undefined : { requestInit: { headers } },
  );
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

export function textOf(result: object): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? '').join('');
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One HTTP request with full control of the headers (`Host` included), on a fresh connection. */
export function rawRequest(
  url: string,
  {
    method = 'POST',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        agent: false,
        headers: {
          ...(method === 'POST' && {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          }),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A JSON-RPC `initialize` request body. */
export function initializeBody(id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1.0.0' },
    },
  });
}
