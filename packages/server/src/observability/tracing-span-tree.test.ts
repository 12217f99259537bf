import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  createHttpTransport,
  createMemorySessionStore,
  createProviderRegistry,
  withStoreTelemetry,
} from '@exai/core';
import { createExaiServer, type ExaiRuntime } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await createFakeUpstream();
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(async () => {
  trace.disable();
  context.disable();
  await upstream.close();
});
afterEach(() => exporter.reset());

async function connect(): Promise<{ client: Client; close: () => Promise<void> }> {
  const transport = createHttpTransport({ retry: { maxRetries: 2 } });
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1`, transport });
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store: withStoreTelemetry(createMemorySessionStore()),
    version: '9.9.9-test',
    logger: () => {},
  };
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createExaiServer(runtime);
  await server.connect(serverSide);
  const client = new Client({ name: 'trace-test', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
      await transport.close();
    },
  };
}

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('OpenTelemetry spans of one tool call', () => {
  it('nests the provider attempt and the store operations under the execute_tool span', async () => {
    // One 503 the transport retries, then the answer.
    upstream.enqueue(
      { status: 503, retryAfterMs: 1 },
      { reply: { text: 'Traced.', usage: { prompt_tokens: 11, completion_tokens: 4 } } },
    );
    const { client, close } = await connect();
    try {
      const result = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'Trace me', model: 'kimi-k2' },
      });
      expect(result.isError).toBeFalsy();
    } finally {
      await close();
    }
    const spans = exporter.getFinishedSpans();
    const tool = spans.find((span) => span.name === 'execute_tool chat');
    expect(tool).toBeDefined();
    expect(tool!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'chat',
    });
    expect(parentOf(tool!)).toBeUndefined();
    const toolId = tool!.spanContext().spanId;
    const traceId = tool!.spanContext().traceId;
    expect(spans.every((span) => span.spanContext().traceId === traceId)).toBe(true);

    const chat = spans.filter((span) => span.name.startsWith('chat '));
    expect(chat).toHaveLength(1);
    expect(parentOf(chat[0]!)).toBe(toolId);
    expect(chat[0]!.name).toMatch(/^chat kimi-k2/);
    expect(chat[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'kimi',
      'gen_ai.system': 'kimi',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 4,
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
    });
    expect(chat[0]!.attributes['gen_ai.request.model']).toMatch(/^kimi-k2/);
    expect(chat[0]!.events.map((event) => event.name)).toEqual(['retry']);

    const store = spans.filter((span) => span.attributes['db.operation.name'] !== undefined);
    const operations = store.map((span) => span.attributes['db.operation.name']);
    expect(operations).toContain('commitTurn');
    expect(operations).toContain('appendAudit');
    for (const span of store) {
      expect(parentOf(span)).toBe(toolId);
      expect(span.attributes['db.system']).toBe('memory');
    }
  });

  it('marks a failed provider attempt and its tool span with error.type', async () => {
    upstream.enqueue({ status: 401 });
    const { client, close } = await connect();
    try {
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Fail', model: 'kimi-k2' } });
      expect(result.isError).toBe(true);
    } finally {
      await close();
    }
    const spans = exporter.getFinishedSpans();
    const tool = spans.find((span) => span.name === 'execute_tool chat')!;
    const chat = spans.find((span) => span.name.startsWith('chat '))!;
    expect(parentOf(chat)).toBe(tool.spanContext().spanId);
    expect(chat.attributes).toMatchObject({
      'error.type': 'authentication_failed',
      'http.response.status_code': 401,
    });
    expect(chat.status.code).toBe(2);
    expect(tool.attributes['error.type']).toBe('authentication_failed');
    expect(tool.status.code).toBe(2);
  });
});
