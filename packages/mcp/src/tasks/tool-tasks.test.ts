import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  CallToolResultSchema,
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { createKimi } from '@exai/providers';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { createMemorySessionStore, createProviderRegistry, type SessionStoreV1 } from '@exai/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExaiServer } from '../mcp-server/create-exai-server.js';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import { runningToolTasksOf } from './running-tool-tasks.js';

let upstream: FakeUpstream;
const clients: Client[] = [];

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async () => {
  upstream.reset();
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

function runtimeOn(store: SessionStoreV1, tenantId = 'default'): ExaiRuntime {
  const kimi = createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` });
  return { registry: createProviderRegistry({ providers: [kimi] }), store, version: '0.0.0-test', tenantId };
}

/** A client connected in memory to a fresh server of `runtime` (a reconnect, or another process). */
async function connect(runtime: ExaiRuntime): Promise<Client> {
  const server = createExaiServer(runtime);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  clients.push(client);
  return client;
}

async function startChatTask(client: Client, prompt: string, ttl?: number): Promise<Task> {
  const created = await client.request(
    {
      method: 'tools/call',
      params: {
        name: 'chat',
        arguments: { prompt, model: 'kimi:kimi-k2' },
        task: ttl === undefined ? {} : { ttl },
      },
    },
    CreateTaskResultSchema,
  );
  return created.task;
}

async function waitForStatus(client: Client, taskId: string, statuses: string[]): Promise<Task> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const task = await client.request({ method: 'tasks/get', params: { taskId } }, GetTaskResultSchema);
    if (statuses.includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${taskId} never reached ${statuses.join(' or ')}`);
}

const textOf = (result: { content?: Array<{ type: string; text?: string }> }) =>
  (result.content ?? []).map((part) => part.text ?? '').join('');

describe('MCP tasks for model-backed tools', () => {
  it('offers model-backed tools with taskSupport optional, and the others without', async () => {
    const client = await connect(runtimeOn(createMemorySessionStore()));
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'chat')?.execution).toEqual({ taskSupport: 'optional' });
    expect(tools.find((tool) => tool.name === 'version')?.execution?.taskSupport ?? 'forbidden').toBe(
      'forbidden',
    );
    expect(client.getServerCapabilities()?.tasks).toMatchObject({ list: {}, cancel: {} });
  });

  it('runs a call without a task as before, creating no task', async () => {
    const store = createMemorySessionStore();
    const client = await connect(runtimeOn(store));
    upstream.enqueue({ reply: { text: 'plain answer' } });
    const result = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'hi', model: 'kimi:kimi-k2' },
    });
    expect(textOf(result as never)).toContain('plain answer');
    expect((await store.listTasks('default')).items).toEqual([]);
  });

  it('keeps a task past the client’s disconnect; a new connection fetches its status and result', async () => {
    const store = createMemorySessionStore();
    const runtime = runtimeOn(store);
    upstream.enqueue({ reply: { text: 'the long answer', chunks: 4 }, delayBeforeHeadersMs: 300 });
    const first = await connect(runtime);
    const task = await startChatTask(first, 'think hard', 60_000);
    expect(task).toMatchObject({ status: 'working', ttl: 60_000 });
    await first.close();

    const second = await connect(runtime);
    const done = await waitForStatus(second, task.taskId, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const result = await second.request(
      { method: 'tasks/result', params: { taskId: task.taskId } },
      CallToolResultSchema,
    );
    expect(textOf(result)).toContain('the long answer');
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId: task.taskId });
    const listed = await second.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema);
    expect(listed.tasks.map((listedTask) => listedTask.taskId)).toContain(task.taskId);
  });

  it('serves another process sharing the store: tasks/result waits there until the task ends', async () => {
    const store = createMemorySessionStore();
    upstream.enqueue({ reply: { text: 'from process A' }, delayBeforeHeadersMs: 400 });
    const processA = await connect(runtimeOn(store));
    const task = await startChatTask(processA, 'q');
    const processB = await connect(runtimeOn(store));
    const result = await processB.request(
      { method: 'tasks/result', params: { taskId: task.taskId } },
      CallToolResultSchema,
    );
    expect(textOf(result)).toContain('from process A');
  });

  it('reads another tenant’s task as not found', async () => {
    const store = createMemorySessionStore();
    await store.createTenant({ id: 'other' });
    upstream.enqueue({ reply: { text: 'secret' } });
    const owner = await connect(runtimeOn(store));
    const task = await startChatTask(owner, 'q');
    const stranger = await connect(runtimeOn(store, 'other'));
    await expect(
      stranger.request({ method: 'tasks/get', params: { taskId: task.taskId } }, GetTaskResultSchema),
    ).rejects.toThrow(/Task not found/);
    await expect(
      stranger.request({ method: 'tasks/cancel', params: { taskId: task.taskId } }, CancelTaskResultSchema),
    ).rejects.toThrow(/Task not found/);
    expect(
      (await stranger.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks,
    ).toEqual([]);
  });

  it('cancels a running task: the upstream call is aborted and the task stays cancelled', async () => {
    const store = createMemorySessionStore();
    const runtime = runtimeOn(store);
    upstream.enqueue({ reply: { text: 'never seen' }, delayBeforeHeadersMs: 30_000 });
    const client = await connect(runtime);
    const task = await startChatTask(client, 'q');
    await upstream.waitForRequests(1);
    expect(runningToolTasksOf(runtime).ids()).toContain(task.taskId);
    const aborted = upstream.waitForClientAbort({ timeoutInMs: 5_000 });
    const cancelled = await client.request(
      { method: 'tasks/cancel', params: { taskId: task.taskId } },
      CancelTaskResultSchema,
    );
    expect(cancelled.status).toBe('cancelled');
    await aborted;
    await expect.poll(() => runningToolTasksOf(runtime).ids()).toEqual([]);
    expect((await store.getTask('default', task.taskId))?.status).toBe('cancelled');
    await expect(
      client.request({ method: 'tasks/cancel', params: { taskId: task.taskId } }, CancelTaskResultSchema),
    ).rejects.toThrow(/terminal status: cancelled/);
  });

  it('aborts a task running in another process when the cancel lands here, at its next progress tick', async () => {
    const store = createMemorySessionStore();
    const runtimeA = { ...runtimeOn(store), limits: { progressIntervalInMs: 100 } };
    upstream.enqueue({ reply: { text: 'never seen' }, delayBeforeHeadersMs: 30_000 });
    const processA = await connect(runtimeA);
    const task = await startChatTask(processA, 'q');
    await upstream.waitForRequests(1);
    const aborted = upstream.waitForClientAbort({ timeoutInMs: 5_000 });
    const processB = await connect(runtimeOn(store));
    const cancelled = await processB.request(
      { method: 'tasks/cancel', params: { taskId: task.taskId } },
      CancelTaskResultSchema,
    );
    expect(cancelled.status).toBe('cancelled');
    await aborted;
    await expect.poll(() => runningToolTasksOf(runtimeA).ids()).toEqual([]);
    expect((await store.getTask('default', task.taskId))?.status).toBe('cancelled');
  });

  it('stores a task the server stops while it runs as failed, saying why', async () => {
    const store = createMemorySessionStore();
    const runtime = runtimeOn(store);
    upstream.enqueue({ reply: { text: 'never seen' }, delayBeforeHeadersMs: 30_000 });
    const client = await connect(runtime);
    const task = await startChatTask(client, 'q');
    await upstream.waitForRequests(1);
    await runningToolTasksOf(runtime).stopAll('The server stopped while the task ran; start the call again.');
    const stored = await store.getTask('default', task.taskId);
    expect(stored?.status).toBe('failed');
    expect(stored?.statusMessage).toMatch(/server stopped while the task ran/);
  });

  it('treats a task past its TTL as not found', async () => {
    const store = createMemorySessionStore({ now: () => new Date(Date.now() - 120_000) });
    upstream.enqueue({ reply: { text: 'old' } });
    const client = await connect(runtimeOn(store));
    const task = await startChatTask(client, 'q', 1_000);
    await expect(
      client.request({ method: 'tasks/get', params: { taskId: task.taskId } }, GetTaskResultSchema),
    ).rejects.toThrow(/Task not found/);
  });
});
