import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initializeBody,
  rawRequest,
  startTestServer,
  type RawResponse,
  type TestServer,
} from './test-helpers/start-test-server.js';

/**
 * Thousands of malformed HTTP requests, JSON-RPC messages and tool arguments against a real
 * `serveHttp` (sessions and stateless), wired to the fake upstream. Every one must get a clear
 * answer: never a 5xx, never -32603, never a raw validation dump; malformed JSON is -32700, a body
 * that is not a JSON-RPC message -32600, invalid params -32602. The server keeps serving, and its
 * heap returns near its baseline after a forced GC. EXAI_FUZZ_RUNS sets the runs per property
 * (default 300, about 1,800 requests and seconds on a 2-core machine); raise it for a longer local run.
 */
const runs = Number(process.env.EXAI_FUZZ_RUNS ?? 300);
const timeoutInMs = 120_000;
const seed = process.env.EXAI_FUZZ_SEED === undefined ? undefined : Number(process.env.EXAI_FUZZ_SEED);
const settings = { numRuns: runs, ...(seed !== undefined && { seed }), endOnFailure: true };

/** A forced garbage collection, without starting the worker with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function settledHeapInBytes(): Promise<number> {
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const KNOWN_ERROR_CODES = new Set([-32700, -32600, -32601, -32602, -32000, -32001]);

interface JsonRpcError {
  code: number;
  message: string;
}

/** The JSON-RPC messages of a response, from a JSON body or the `data:` lines of an SSE one. */
function messagesOf(response: RawResponse): unknown[] {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('text/event-stream')) {
    return response.text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)) as unknown);
  }
  if (response.text === '') return [];
  expect(response.json, `a JSON body: ${response.text.slice(0, 200)}`).toBeDefined();
  return Array.isArray(response.json) ? response.json : [response.json];
}

function errorsOf(response: RawResponse): JsonRpcError[] {
  return messagesOf(response).flatMap((message) => {
    const error = (message as { error?: JsonRpcError } | null)?.error;
    return error === undefined ? [] : [error];
  });
}

/** A message a person can read: no zod issue list, no stack, not endless. */
function expectReadable(text: string): void {
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(2000);
  expect(text).not.toMatch(/"code":\s*"invalid_|"expected":|"path":\s*\[|^\s*\[\s*\{/);
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

function expectClearAnswer(response: RawResponse): JsonRpcError[] {
  expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
  const errors = errorsOf(response);
  for (const error of errors) {
    expect(KNOWN_ERROR_CODES.has(error.code), `${error.code}: ${error.message}`).toBe(true);
    expectReadable(error.message);
  }
  for (const message of messagesOf(response)) {
    const result = (message as { result?: { isError?: boolean; content?: Array<{ text?: string }> } }).result;
    if (result?.isError) expectReadable(result.content?.map((part) => part.text ?? '').join('') ?? '');
  }
  return errors;
}

const headerText = fc.stringMatching(/^[\x21-\x7e]{0,40}$/);
const methods = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'prompts/list',
  'prompts/get',
  'logging/setLevel',
  'notifications/initialized',
  'notifications/cancelled',
  'resources/list',
  'completion/complete',
];
const toolNames = [
  'chat',
  'thinkdeep',
  'codereview',
  'threads',
  'page',
  'listmodels',
  'version',
  'challenge',
];

/** Something shaped roughly like a JSON-RPC message, each part possibly wrong. */
const requestLike = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('1.0'), fc.jsonValue()),
    id: fc.oneof(fc.integer(), headerText, fc.constant(null), fc.jsonValue()),
    method: fc.oneof(fc.constantFrom(...methods), fc.string(), fc.jsonValue()),
    params: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
  },
  { requiredKeys: [] },
);

/** A `tools/call` for a real tool with arguments of any shape. */
const toolCall = fc.record({
  jsonrpc: fc.constant('2.0'),
  id: fc.integer({ min: 1 }),
  method: fc.constant('tools/call'),
  params: fc.record(
    {
      name: fc.oneof(fc.constantFrom(...toolNames), fc.jsonValue()),
      arguments: fc.oneof(
        fc.jsonValue(),
        fc.record(
          {
            prompt: fc.oneof(fc.string(), fc.jsonValue()),
            model: fc.oneof(fc.constantFrom('kimi-k2', 'auto', 'nope'), fc.jsonValue()),
            temperature: fc.oneof(fc.double(), fc.jsonValue()),
            continuation_id: fc.oneof(fc.uuid(), fc.jsonValue()),
            action: fc.oneof(fc.constantFrom('list', 'show', 'delete'), fc.jsonValue()),
            step: fc.jsonValue(),
            step_number: fc.oneof(fc.integer(), fc.jsonValue()),
            files: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), fc.jsonValue()),
            cursor: fc.oneof(fc.string(), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
      ),
      _meta: fc.jsonValue(),
    },
    { requiredKeys: ['name'] },
  ),
});

/** Plainly not JSON-RPC: not an object, or (an item of) a batch without `"jsonrpc": "2.0"`. */
function notJsonRpc(value: unknown): boolean {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  if (items.length === 0) return true;
  return items.some(
    (item) =>
      typeof item !== 'object' ||
      item === null ||
      Array.isArray(item) ||
      (item as { jsonrpc?: unknown }).jsonrpc !== '2.0',
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

for (const stateless of [false, true]) {
  describe(`fuzzing serveHttp (${stateless ? 'stateless' : 'sessions'})`, () => {
    let upstream: FakeUpstream;
    let server: TestServer;
    let sessionId: string | undefined;
    let baselineInBytes = 0;

    /** A POST as a client would send it, in the test's session when there is one. */
    const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
      rawRequest(server.serving.url, {
        headers: {
          'mcp-protocol-version': '2025-11-25',
          ...(sessionId !== undefined && { 'mcp-session-id': sessionId }),
          ...headers,
        },
        body,
      });

    /** Ends any session a fuzzed `initialize` opened, so the session count stays put. */
    async function endNewSession(response: RawResponse): Promise<void> {
      const opened = response.headers['mcp-session-id'];
      if (typeof opened === 'string' && opened !== sessionId) {
        await rawRequest(server.serving.url, { method: 'DELETE', headers: { 'mcp-session-id': opened } });
      }
    }

    async function stillServing(): Promise<void> {
      const response = await post(JSON.stringify({ jsonrpc: '2.0', id: 'alive', method: 'ping' }));
      expect(response.status).toBe(200);
      expect(messagesOf(response)).toEqual([{ jsonrpc: '2.0', id: 'alive', result: {} }]);
    }

    beforeAll(async () => {
      upstream = await createFakeUpstream();
      server = await startTestServer(upstream, { stateless, maxBodyBytes: 64 * 1024 });
      if (!stateless) {
        const response = await rawRequest(server.serving.url, { body: initializeBody() });
        sessionId = response.headers['mcp-session-id'] as string;
        await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      }
      // Warm up every path once, so lazily built state is part of the baseline.
      await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
      await post(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'chat', arguments: { prompt: 'hi' } },
        }),
      );
      await post('{');
      baselineInBytes = await settledHeapInBytes();
    });
    afterAll(async () => {
      await server.serving.close();
      await upstream.close();
    });

    it(
      'answers malformed HTTP requests with a clear status and JSON-RPC error',
      async () => {
        const request = fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          path: fc.constantFrom(
            '/mcp',
            '/mcp/',
            '/',
            '/healthz',
            '/mcp?x=1',
            '/MCP',
            '/%2e%2e/mcp',
            '/mcp#x',
          ),
          contentType: fc.option(
            fc.constantFrom(
              'application/json',
              'text/plain',
              'application/json; charset=utf-8',
              'multipart/form-data',
              '',
            ),
          ),
          accept: fc.option(
            fc.constantFrom(
              'application/json, text/event-stream',
              'application/json',
              'text/event-stream',
              '*/*',
              '',
            ),
          ),
          sessionId: fc.option(fc.oneof(headerText, fc.uuid())),
          protocolVersion: fc.option(
            fc.oneof(fc.constantFrom('2025-11-25', '2025-06-18', '1999-01-01'), headerText),
          ),
          body: fc.option(
            fc.oneof(
              fc.string(),
              fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
              fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
            ),
          ),
        });
        await fc.assert(
          fc.asyncProperty(request, async (fuzzed) => {
            const url = new URL(server.serving.url);
            const response = await rawRequest(`${url.origin}${fuzzed.path}`, {
              method: fuzzed.method,
              headers: {
                ...(fuzzed.contentType !== null && { 'content-type': fuzzed.contentType }),
                ...(fuzzed.accept !== null && { accept: fuzzed.accept }),
                ...(fuzzed.sessionId !== null && { 'mcp-session-id': fuzzed.sessionId }),
                ...(fuzzed.protocolVersion !== null && { 'mcp-protocol-version': fuzzed.protocolVersion }),
              },
              ...(fuzzed.body !== null &&
                fuzzed.method !== 'GET' &&
                fuzzed.method !== 'HEAD' && { body: fuzzed.body }),
            });
            await endNewSession(response);
            if (fuzzed.method !== 'HEAD') expectClearAnswer(response);
            else expect(response.status).toBeLessThan(500);
          }),
          settings,
        );
        await stillServing();
      },
      timeoutInMs,
    );

    it(
      'answers malformed JSON with -32700 and wrong shapes with -32600, never -32603',
      async () => {
        const body = fc.oneof(
          {
            weight: 2,
            arbitrary: fc
              .string()
              .filter((text) => !isJson(text))
              .map((text) => ({ text })),
          },
          { weight: 2, arbitrary: fc.jsonValue().map((value) => ({ value })) },
          { weight: 4, arbitrary: requestLike.map((value) => ({ value })) },
          { weight: 1, arbitrary: fc.array(requestLike, { maxLength: 4 }).map((value) => ({ value })) },
        );
        await fc.assert(
          fc.asyncProperty(body, async (fuzzed) => {
            const text = 'text' in fuzzed ? fuzzed.text : (JSON.stringify(fuzzed.value) ?? 'null');
            const response = await post(text);
            await endNewSession(response);
            const errors = expectClearAnswer(response);
            if ('text' in fuzzed) {
              expect(response.status).toBe(400);
              expect(errors.map((error) => error.code)).toEqual([-32700]);
            } else if (notJsonRpc(fuzzed.value)) {
              expect(response.status).toBe(400);
              expect(errors.map((error) => error.code)).toEqual([-32600]);
            }
          }),
          settings,
        );
        await stillServing();
      },
      timeoutInMs,
    );

    it(
      'answers wrong tool arguments with a readable tool error or -32602',
      async () => {
        await fc.assert(
          fc.asyncProperty(toolCall, async (call) => {
            const response = await post(JSON.stringify(call));
            const errors = expectClearAnswer(response);
            for (const error of errors) expect([-32602, -32601]).toContain(error.code);
            const [message] = messagesOf(response) as Array<{
              id?: unknown;
              result?: unknown;
              error?: unknown;
            }>;
            expect(message?.id).toBe(call.id);
            expect(message?.result !== undefined || message?.error !== undefined).toBe(true);
          }),
          settings,
        );
        await stillServing();
      },
      timeoutInMs,
    );

    it('keeps its memory near the baseline and no session is left behind', async () => {
      const afterInBytes = await settledHeapInBytes();
      // Generous: the fuzz cases themselves are garbage by now; a leak per request would show.
      expect(afterInBytes - baselineInBytes).toBeLessThan(32 * 1024 * 1024);
      expect(server.serving.sessionCount()).toBe(stateless ? 0 : 1);
    });
  });
}
