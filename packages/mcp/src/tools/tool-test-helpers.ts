import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, Progress } from '@modelcontextprotocol/sdk/types.js';
import { createGlm, createKimi } from '@exai/providers';
import type { FakeUpstream, RecordedRequest } from '@exai/testkit';
import { createProviderRegistry, createMemorySessionStore } from '@exai/core';
import { createExaiServer } from '../mcp-server/create-exai-server.js';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import type { SessionStoreV1 } from '@exai/core';
import { selectTools } from '../tool-catalogue/select-tools.js';
import type { AnyExaiTool } from './define-tool.js';

export interface ToolHarness {
  client: Client;
  store: SessionStoreV1;
  runtime: ExaiRuntime;
  call(
    name: string,
    args: Record<string, unknown>,
    onprogress?: (progress: Progress) => void,
  ): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
  meta: Record<string, unknown> | undefined;
}

/**
 * An MCP client connected in memory to a server of the `full` profile (or of `tools`), whose Kimi
 * and GLM providers (`providers` picks which) talk to the fake upstream.
 */
export async function connectToolHarness(
  upstream: FakeUpstream,
  {
    providers = ['kimi', 'glm'],
    runtime: overrides = {},
    tools = selectTools({ profile: 'full' }).tools,
    authInfo,
  }: {
    providers?: Array<'kimi' | 'glm'>;
    runtime?: Partial<ExaiRuntime>;
    tools?: readonly AnyExaiTool[];
    /**
     * The `authInfo` each client message carries to the server, read as it is sent (the HTTP
     * daemon's authentication sets it the same way). Default: none.
     */
    authInfo?: () => AuthInfo | undefined;
  } = {},
): Promise<ToolHarness> {
  const store = overrides.store ?? createMemorySessionStore();
  const built = providers.map((id) =>
    id === 'kimi'
      ? createKimi({ apiKey: 'test-key-kimi', baseURL: `${upstream.url}/v1` })
      : createGlm({ apiKey: 'test-key-glm', baseURL: `${upstream.url}/glm` }),
  );
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: built }),
    store,
    version: '9.9.9-test',
    ...overrides,
  };
  const server = createExaiServer(runtime, { tools });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (authInfo !== undefined) {
    const send = clientTransport.send.bind(clientTransport);
    clientTransport.send = (message: JSONRPCMessage, options) => {
      const info = authInfo();
      return send(message, { ...options, ...(info !== undefined && { authInfo: info }) });
    };
  }
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    store,
    runtime,
    async call(name, args, onprogress) {
      const result = await client.callTool(
        { name, arguments: args },
        undefined,
        onprogress === undefined ? undefined : { onprogress },
      );
      const content = (result.content as Array<{ type: string; text?: string }> | undefined) ?? [];
      return {
        isError: result.isError === true,
        text: content.map((part) => part.text ?? '').join(''),
        structured: (result.structuredContent as Record<string, unknown> | undefined) ?? {},
        meta: result._meta as Record<string, unknown> | undefined,
      };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}

export interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  tools?: unknown[];
}

/** The chat completion request bodies the upstream received, in arrival order. */
export function chatBodies(upstream: FakeUpstream): ChatBody[] {
  return upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.body as ChatBody);
}

/** Every message text of a chat request, joined, to search for what the model was shown. */
export function shownText(body: ChatBody): string {
  return body.messages
    .map((message) =>
      typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
    )
    .join('\n');
}

export function systemText(request: RecordedRequest): string {
  const body = request.body as ChatBody;
  const first = body.messages[0];
  return first?.role === 'system' && typeof first.content === 'string' ? first.content : '';
}
