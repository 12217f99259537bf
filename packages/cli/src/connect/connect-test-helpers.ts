import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  isInitializeRequest,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  startStdioHttpBridge,
  type StdioHttpBridge,
  type StdioHttpBridgeOptions,
} from './stdio-http-bridge.js';

/** A Streamable HTTP MCP server on 127.0.0.1 standing in for `exai serve --http`; it can be stopped and restarted on its port. */
export interface TestDaemon {
  readonly url: string;
  readonly port: number;
  /** Live MCP sessions. */
  sessionCount(): number;
  /** Every initialize the daemon answered, in order, with the client info it named. */
  readonly initializes: Array<{ clientName: string | undefined }>;
  /** Every HTTP request: its method, headers, and the JSON-RPC method it posted. */
  readonly requests: Array<{ method: string; headers: IncomingMessage['headers']; rpcMethod?: string }>;
  /** Request ids of `wait` calls the client cancelled. */
  readonly cancelled: unknown[];
  /** Stops listening and drops every connection and session, like a killed process. */
  stop(): Promise<void>;
  /** Listens again on the same port, with no sessions (a fresh process). */
  start(): Promise<void>;
  /** Drops every session but keeps listening: requests for them get 404. */
  forgetSessions(): Promise<void>;
}

/** Finds a port nothing listens on, for a daemon started later. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TOOLS = [
  {
    name: 'echo',
    description: 'Echoes its text',
    inputSchema: { type: 'object' as const, properties: { text: { type: 'string' } } },
  },
  {
    name: 'count',
    description: 'Reports progress up to steps',
    inputSchema: { type: 'object' as const, properties: { steps: { type: 'number' } } },
  },
  { name: 'wait', description: 'Waits until cancelled', inputSchema: { type: 'object' as const } },
];

function createTestMcpServer(daemon: { cancelled: unknown[] }): Server {
  const server = new Server({ name: 'test-daemon', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    if (request.params.name === 'echo') {
      return {
        content: [{ type: 'text', text: `echo: ${String(args.text)}` }],
        structuredContent: { authorization: extra.requestInfo?.headers.authorization ?? null },
      };
    }
    if (request.params.name === 'count') {
      const steps = Number(args.steps);
      const progressToken = request.params._meta?.progressToken;
      for (let progress = 1; progress <= steps; progress += 1) {
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress, total: steps, message: `step ${progress}` },
          });
          // The SDK client handles notifications a tick later than responses: give each its moment, as a
          // model's stream would, or a progress notification read together with the result is dropped.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      return { content: [{ type: 'text', text: `counted ${steps}` }] };
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 15_000);
      extra.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        daemon.cancelled.push(extra.requestId);
        resolve();
      });
    });
    return { content: [{ type: 'text', text: 'waited' }] };
  });
  return server;
}

export async function startTestDaemon({ port = 0 }: { port?: number } = {}): Promise<TestDaemon> {
  let sessions = new Map<string, StreamableHTTPServerTransport>();
  let http: HttpServer | undefined;
  const daemon = {
    initializes: [] as TestDaemon['initializes'],
    requests: [] as TestDaemon['requests'],
    cancelled: [] as unknown[],
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== '/mcp') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      return response.end('Not Found');
    }
    const sessionId = request.headers['mcp-session-id'];
    let body: unknown;
    if (request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    }
    const rpcMethod = (body as { method?: string } | undefined)?.method;
    daemon.requests.push({
      method: request.method ?? '',
      headers: request.headers,
      ...(rpcMethod && { rpcMethod }),
    });
    const known = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (known !== undefined) return known.handleRequest(request, response, body);
    if (sessionId !== undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      return response.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }),
      );
    }
    if (!isInitializeRequest(body)) {
      response.writeHead(400, { 'content-type': 'application/json' });
      return response.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request' } }),
      );
    }
    daemon.initializes.push({ clientName: body.params.clientInfo.name });
    const currentSessions = sessions;
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void currentSessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) currentSessions.delete(transport.sessionId);
    };
    await createTestMcpServer(daemon).connect(transport);
    await transport.handleRequest(request, response, body);
  };

  const start = async () => {
    sessions = new Map();
    http = createServer((request, response) => {
      handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      http?.once('error', reject);
      http?.listen(port, '127.0.0.1', resolve);
    });
    port = (http.address() as AddressInfo).port;
  };
  const forgetSessions = async () => {
    const transports = [...sessions.values()];
    sessions = new Map();
    await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
  };
  const stop = async () => {
    const server = http;
    http = undefined;
    if (server === undefined) return;
    const closing = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closing;
    await forgetSessions();
  };

  await start();
  return {
    ...daemon,
    get url() {
      return `http://127.0.0.1:${port}/mcp`;
    },
    get port() {
      return port;
    },
    sessionCount: () => sessions.size,
    stop,
    start,
    forgetSessions,
  };
}

/** A bridge in this process, with an SDK `Client` on its stdio side (the client's stdio is a pair of pipes). */
export interface BridgedClient {
  client: Client;
  bridge: StdioHttpBridge;
  /** Everything the bridge logged. */
  logs: string[];
  /** Ends the client's side of stdio (as an IDE closing the bridge) and waits for the bridge to stop. */
  close(): Promise<void>;
}

/** Fast backoff and queue timings for tests. */
export const FAST_BRIDGE_TIMINGS = {
  backoff: { initialDelayInMs: 20, maxDelayInMs: 100, factor: 2 },
  maxQueueWaitInMs: 3_000,
  handshakeTimeoutInMs: 2_000,
} satisfies Partial<StdioHttpBridgeOptions>;

export function startBridge(
  options: Omit<StdioHttpBridgeOptions, 'stdin' | 'stdout' | 'url'> & { url: string },
): { bridge: StdioHttpBridge; stdin: PassThrough; stdout: PassThrough; logs: string[] } {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const logs: string[] = [];
  const bridge = startStdioHttpBridge({
    ...FAST_BRIDGE_TIMINGS,
    ...options,
    url: new URL(options.url),
    stdin,
    stdout,
    log: (line) => logs.push(line),
  });
  return { bridge, stdin, stdout, logs };
}

export async function connectBridgedClient(
  options: Omit<StdioHttpBridgeOptions, 'stdin' | 'stdout' | 'url'> & { url: string; clientName?: string },
): Promise<BridgedClient> {
  const { bridge, stdin, stdout, logs } = startBridge(options);
  const client = new Client({ name: options.clientName ?? 'bridge-test', version: '1.0.0' });
  // The SDK's stdio server transport is a plain stream pair transport, so it serves as the client's end too.
  await client.connect(new StdioServerTransport(stdout, stdin));
  return {
    client,
    bridge,
    logs,
    close: async () => {
      stdin.end();
      await bridge.closed;
      await client.close();
    },
  };
}
