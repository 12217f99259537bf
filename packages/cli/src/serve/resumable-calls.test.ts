import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  GetTaskResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { createProviderRegistry, type SessionStoreV1 } from '@exai/core';
import { createExaiServer, runningToolTasksOf, type ExaiRuntime } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { createStoreResumableEvents, serveHttp, type HttpServing } from '@exai/server';
import { createPostgresSessionStore } from '@exai/storage/postgres';
import { createSqliteSessionStore } from '@exai/storage/sqlite';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isResponseTo, openSse, type SseEvent } from './sse-test-client.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
const unreachable = await postgresUnreachable();
if (unreachable) {
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL at ${databaseUrl} is unreachable in CI: ${unreachable}`);
  console.warn(
    `!!! SKIPPING POSTGRESQL TASK RESTART TEST: ${databaseUrl} is unreachable (${unreachable}) !!!`,
  );
}

let upstream: FakeUpstream;
let directory: string;

beforeAll(async () => {
  upstream = await createFakeUpstream();
  directory = mkdtempSync(join(tmpdir(), 'exai-resumable-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

interface Daemon {
  serving: HttpServing;
  stop(): Promise<void>;
}

/** What `exai serve --http` runs, in process, on `store`: sessions with resumable streams. */
async function startDaemon(store: SessionStoreV1, { stateless = false } = {}): Promise<Daemon> {
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  const runtime: ExaiRuntime = {
    registry: createProviderRegistry({ providers: [kimi] }),
    store,
    version: '0.0.0-test',
    limits: { progressIntervalInMs: 100 },
  };
  const serving = await serveHttp({
    createServer: () => createExaiServer(runtime),
    port: 0,
    stateless,
    resumableEvents: createStoreResumableEvents({ store }),
    sseHeartbeatIntervalInMs: 1_000,
  });
  return {
    serving,
    async stop() {
      await serving.close();
      await runningToolTasksOf(runtime).stopAll('The server stopped.');
    },
  };
}

const protocolHeaders = { 'mcp-protocol-version': '2025-11-25' };

/** Opens a session with raw requests; returns its id. */
async function openSession(url: string): Promise<string> {
  const initialize = await openSse(url, {
    method: 'POST',
    headers: protocolHeaders,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
  await initialize.read(isResponseTo(1));
  const sessionId = initialize.headers['mcp-session-id'] as string;
  const initialized = await openSse(url, {
    method: 'POST',
    headers: { ...protocolHeaders, 'mcp-session-id': sessionId },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  expect(initialized.status).toBe(202);
  return sessionId;
}

const isProgress = (event: SseEvent) => event.data.includes('notifications/progress');

/** Starts a chat call (id 2) asking for progress, reads up to its first progress event, and cuts the stream. */
async function callAndCut(url: string, sessionId: string): Promise<string> {
  const call = await openSse(url, {
    method: 'POST',
    headers: { ...protocolHeaders, 'mcp-session-id': sessionId },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'chat',
        arguments: { prompt: 'Think long.', model: 'kimi:kimi-k2' },
        _meta: { progressToken: 'p' },
      },
    }),
  });
  const read = await call.read(isProgress);
  call.cut();
  const last = read.at(-1);
  expect(last && isProgress(last)).toBe(true);
  expect(read.some(isResponseTo(2))).toBe(false);
  return last!.id!;
}

async function resume(url: string, sessionId: string, lastEventId: string): Promise<SseEvent[]> {
  const stream = await openSse(url, {
    method: 'GET',
    headers: {
      ...protocolHeaders,
      accept: 'text/event-stream',
      'mcp-session-id': sessionId,
      'last-event-id': lastEventId,
    },
  });
  expect(stream.status).toBe(200);
  return stream.read(isResponseTo(2));
}

function answerOf(events: SseEvent[]): string {
  const response = events.find(isResponseTo(2));
  expect(response, 'the resumed stream carries the response').toBeDefined();
  const message = JSON.parse(response!.data) as { result: { content: Array<{ text: string }> } };
  return message.result.content.map((part) => part.text).join('');
}

async function openSqlite(name: string): Promise<SessionStoreV1> {
  return createSqliteSessionStore({ path: join(directory, name) });
}

const slowAnswer = { reply: { text: 'one two three four five six', chunks: 6 }, chunkDelayMs: 250 };

describe('Streamable HTTP resumability (SQLite store)', () => {
  it('resumes a cut-off answer with Last-Event-ID on the same daemon', async () => {
    const store = await openSqlite('same.db');
    const daemon = await startDaemon(store);
    try {
      upstream.enqueue(slowAnswer);
      const sessionId = await openSession(daemon.serving.url);
      const lastEventId = await callAndCut(daemon.serving.url, sessionId);
      const events = await resume(daemon.serving.url, sessionId, lastEventId);
      expect(events.map((event) => event.id)).not.toContain(lastEventId);
      expect(answerOf(events)).toContain('one two three four five six');
    } finally {
      await daemon.stop();
      await store.close();
    }
  });

  it('resumes from a restarted daemon: the stored rest of the answer is replayed', async () => {
    const path = 'restart.db';
    const before = await openSqlite(path);
    const first = await startDaemon(before);
    upstream.enqueue(slowAnswer);
    const sessionId = await openSession(first.serving.url);
    const lastEventId = await callAndCut(first.serving.url, sessionId);
    // The daemon finishes the call with nobody listening, storing every event, then stops.
    await expect
      .poll(
        async () =>
          (await before.replayStreamEvents('default', lastEventId))?.events.some(
            (e) => 'result' in e.message,
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    await first.stop();
    await before.close();

    const after = await openSqlite(path);
    const second = await startDaemon(after);
    try {
      const events = await resume(second.serving.url, sessionId, lastEventId);
      expect(answerOf(events)).toContain('one two three four five six');
    } finally {
      await second.stop();
      await after.close();
    }
  });

  it('resumes on another process sharing the store while the first still runs the call', async () => {
    const storeA = await openSqlite('shared.db');
    const storeB = await openSqlite('shared.db');
    const [a, b] = [await startDaemon(storeA), await startDaemon(storeB)];
    try {
      upstream.enqueue(slowAnswer);
      const sessionId = await openSession(a.serving.url);
      const lastEventId = await callAndCut(a.serving.url, sessionId);
      const events = await resume(b.serving.url, sessionId, lastEventId);
      expect(events.some(isProgress)).toBe(true);
      expect(answerOf(events)).toContain('one two three four five six');
      const unknown = await openSse(b.serving.url, {
        method: 'GET',
        headers: {
          ...protocolHeaders,
          accept: 'text/event-stream',
          'mcp-session-id': sessionId,
          'last-event-id': 'nope',
        },
      });
      expect(unknown.status).toBe(404);
    } finally {
      await a.stop();
      await b.stop();
      await storeA.close();
      await storeB.close();
    }
  });
});

/** Starts `chat` as a task over HTTP, then disconnects; returns the task id. */
async function startTaskAndDisconnect(url: string): Promise<string> {
  const client = new Client({ name: 'task-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const created = await client.request(
    {
      method: 'tools/call',
      params: {
        name: 'chat',
        arguments: { prompt: 'Take your time.', model: 'kimi:kimi-k2' },
        task: { ttl: 600_000 },
      },
    },
    CreateTaskResultSchema,
  );
  await client.close();
  return created.task.taskId;
}

async function fetchTaskResult(url: string, taskId: string): Promise<{ status: string; text: string }> {
  const client = new Client({ name: 'task-client-2', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const task = await client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema);
    const result = await client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);
    return {
      status: task.status,
      text: result.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    };
  } finally {
    await client.close();
  }
}

async function taskRestartScenario(open: () => Promise<SessionStoreV1>): Promise<void> {
  const before = await open();
  const first = await startDaemon(before);
  upstream.enqueue({ reply: { text: 'the considered answer', chunks: 3 }, chunkDelayMs: 150 });
  const taskId = await startTaskAndDisconnect(first.serving.url);
  await expect
    .poll(async () => (await before.getTask('default', taskId))?.status, { timeout: 10_000 })
    .toBe('completed');
  await first.stop();
  await before.close();

  const after = await open();
  const second = await startDaemon(after);
  try {
    expect(await fetchTaskResult(second.serving.url, taskId)).toEqual({
      status: 'completed',
      text: expect.stringContaining('the considered answer'),
    });
  } finally {
    await second.stop();
    await after.close();
  }
}

describe('MCP tasks across a daemon restart', () => {
  it('fetches a task started over stateless HTTP from a later request, on another replica', async () => {
    const storeA = await openSqlite('stateless.db');
    const storeB = await openSqlite('stateless.db');
    const [a, b] = [
      await startDaemon(storeA, { stateless: true }),
      await startDaemon(storeB, { stateless: true }),
    ];
    try {
      upstream.enqueue({ reply: { text: 'stateless answer', chunks: 2 }, chunkDelayMs: 100 });
      const taskId = await startTaskAndDisconnect(a.serving.url);
      await expect
        .poll(async () => (await storeB.getTask('default', taskId))?.status, { timeout: 10_000 })
        .toBe('completed');
      expect(await fetchTaskResult(b.serving.url, taskId)).toEqual({
        status: 'completed',
        text: expect.stringContaining('stateless answer'),
      });
    } finally {
      await a.stop();
      await b.stop();
      await storeA.close();
      await storeB.close();
    }
  });

  it('fetches a task’s result after the client disconnected and the daemon restarted (SQLite)', async () => {
    await taskRestartScenario(() => openSqlite('tasks.db'));
  });

  it.skipIf(unreachable !== undefined)(
    'fetches a task’s result after the client disconnected and the daemon restarted (PostgreSQL)',
    async () => {
      const schema = `exai_tasks_${process.pid}_${Date.now()}`;
      try {
        await taskRestartScenario(() =>
          createPostgresSessionStore({ connectionString: databaseUrl, schema, pool: { max: 4 } }),
        );
      } finally {
        const admin = new pg.Client({ connectionString: databaseUrl });
        await admin.connect();
        await admin.query(`drop schema if exists "${schema}" cascade`);
        await admin.end();
      }
    },
  );
});

/** A fetch that cuts the first `tools/call` answer stream right after its first progress event. */
function cuttingFetch(): { fetch: typeof fetch; cuts: () => number } {
  let cuts = 0;
  const cutting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const isCall =
      init?.method === 'POST' && typeof init.body === 'string' && init.body.includes('"tools/call"');
    if (!isCall || cuts > 0 || response.body === null) return response;
    cuts += 1;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        controller.enqueue(value);
        seen += decoder.decode(value, { stream: true });
        if (seen.includes('notifications/progress') && seen.endsWith('\n\n')) {
          await reader.cancel();
          controller.error(new TypeError('terminated: the network dropped the connection'));
        }
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: cutting, cuts: () => cuts };
}

describe('exai connect resumes a cut-off answer', () => {
  it('resumes with Last-Event-ID and hands the client the whole answer', async () => {
    const store = await openSqlite('connect.db');
    const daemon = await startDaemon(store);
    const { connectBridgedClient } = await import('../connect/connect-test-helpers.js');
    const { fetch: cutting, cuts } = cuttingFetch();
    const bridged = await connectBridgedClient({ url: daemon.serving.url, fetch: cutting });
    try {
      upstream.enqueue(slowAnswer);
      const result = await bridged.client.callTool(
        { name: 'chat', arguments: { prompt: 'Think long.', model: 'kimi:kimi-k2' } },
        undefined,
        { onprogress: () => undefined },
      );
      expect(cuts()).toBe(1);
      expect(result.isError).toBeFalsy();
      expect((result.content as Array<{ text: string }>).map((part) => part.text).join('')).toContain(
        'one two three four five six',
      );
      expect(bridged.logs.join('\n')).toMatch(/was cut off; resuming it after event/);
    } finally {
      await bridged.close();
      await daemon.stop();
      await store.close();
    }
  });
});
