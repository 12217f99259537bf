import { DEFAULT_TENANT_ID, type SessionStoreV1, type StoreRecord } from '../session-store/v1/index.js';

/** What `populateStore` writes, by record type (the tenant `default` included). */
export const populatedCounts = {
  tenant: 2,
  'api-key': 2,
  thread: 3,
  turn: 4,
  'workflow-state': 1,
  file: 2,
  usage: 3,
  audit: 2,
  task: 2,
  'stream-event': 2,
};

/** Fills a store through its public methods with a little of everything, in two tenants. */
export async function populateStore(store: SessionStoreV1): Promise<void> {
  const home = DEFAULT_TENANT_ID;
  await store.createTenant({ id: 'acme', name: 'Acme', settings: { budget: { monthlyInUsd: 10 } } });
  const key = await store.createApiKey({
    tenantId: home,
    name: 'laptop',
    prefix: 'exai_aa',
    hash: 'a'.repeat(64),
  });
  await store.createApiKey({
    tenantId: 'acme',
    id: 'acme-ci',
    name: 'ci',
    prefix: 'exai_bb',
    hash: 'b'.repeat(64),
  });
  await store.revokeApiKey(home, key.id);

  await store.createThread({
    tenantId: home,
    id: 'alpha',
    title: 'Alpha ✓',
    metadata: { client: { name: 'cli' } },
  });
  await store.appendTurn({
    tenantId: home,
    threadId: 'alpha',
    role: 'user',
    content: 'Review',
    idempotencyKey: 'r1',
  });
  const reply = {
    toolName: 'codereview',
    model: 'kimi:kimi-k2',
    files: ['src/a.ts'],
    metadata: { cost: 0.5 },
  };
  await store.appendTurn({
    tenantId: home,
    threadId: 'alpha',
    role: 'assistant',
    content: 'Looks good',
    ...reply,
  });
  await store.appendTurn({ tenantId: home, threadId: 'alpha', role: 'user', content: 'Thanks' });
  await store.putWorkflowState(home, 'alpha', { step: 3, findings: [{ line: 1 }] });
  await store.createThread({ tenantId: home, id: 'beta', expiresAt: new Date('2100-01-01T00:00:00.000Z') });
  await store.createThread({ tenantId: 'acme', id: 'alpha', title: 'Same id, other tenant' });
  await store.appendTurn({
    tenantId: 'acme',
    threadId: 'alpha',
    role: 'system',
    content: 'You review code.',
  });

  const file = { provider: 'kimi', providerFileId: 'file-1', sizeInBytes: 2048 };
  await store.putFileRecord({ tenantId: home, ...file, sha256: 'c'.repeat(64), filename: 'a.ts' });
  await store.adjustFileReferences(home, 'kimi', 'c'.repeat(64), 2);
  await store.putFileRecord({
    tenantId: 'acme',
    ...file,
    sha256: 'd'.repeat(64),
    expiresAt: new Date('2100-01-01'),
  });

  const call = {
    model: 'kimi:kimi-k2',
    inputTokens: 10,
    outputTokens: 5,
    latencyInMs: 300,
    status: 'ok',
  } as const;
  await store.recordUsage({ tenantId: home, ...call, threadId: 'alpha', costInUsd: 0.25 });
  await store.recordUsage({ tenantId: home, ...call, status: 'error', errorCode: 'timeout' });
  await store.recordUsage({ tenantId: 'acme', ...call, createdAt: new Date('2025-01-01T00:00:00.000Z') });
  await store.appendAudit({ tenantId: 'acme', action: 'apikey.create', actor: 'cli', target: 'acme-ci' });
  await store.appendAudit({ tenantId: home, action: 'apikey.revoke', detail: { reason: 'lost laptop' } });

  const task = await store.createTask({
    tenantId: home,
    request: { method: 'tools/call', params: { name: 'chat', arguments: { prompt: 'hi' } } },
    ttlInMs: 3_600_000,
    pollIntervalInMs: 2_000,
  });
  await store.updateTask({
    tenantId: home,
    id: task.id,
    status: 'completed',
    result: { content: [{ type: 'text', text: 'hello' }] },
  });
  await store.createTask({ tenantId: 'acme', id: 'acme-task', request: { method: 'tools/call' } });
  const first = await store.appendStreamEvent({ tenantId: home, streamId: 's1', message: {} });
  await store.appendStreamEvent({
    tenantId: home,
    streamId: 's1',
    message: { jsonrpc: '2.0', id: 1, result: { content: [] } },
    expiresAt: new Date(first.createdAt.getTime() + 3_600_000),
  });
}

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 8, minute, 0, 125));

/** Records written by hand, with every optional field set somewhere, for `importRecords`. */
export function handWrittenRecords(): StoreRecord[] {
  const tenantId = 'imported';
  return [
    {
      type: 'tenant',
      record: {
        id: tenantId,
        name: 'Imported Co',
        createdAt: at(0),
        disabled: true,
        settings: { plan: 'pro' },
      },
    },
    {
      type: 'api-key',
      record: {
        id: 'key-imported',
        tenantId,
        name: 'ci',
        prefix: 'exai_ci',
        hash: 'e'.repeat(64),
        createdAt: at(0),
        revokedAt: at(9),
        lastUsedAt: at(8),
      },
    },
    {
      type: 'thread',
      record: {
        tenantId,
        id: 'conversation',
        title: 'Imported ✓',
        createdAt: at(1),
        updatedAt: at(3),
        expiresAt: new Date('2100-01-01T00:00:00.000Z'),
        turnCount: 2,
        metadata: { source: 'backup', nested: { list: [1, 'two', null] } },
      },
    },
    {
      type: 'turn',
      record: {
        tenantId,
        threadId: 'conversation',
        seq: 1,
        role: 'user',
        content: 'First question',
        toolName: 'chat',
        model: undefined,
        files: ['a.ts', 'b.ts'],
        idempotencyKey: 'k1',
        createdAt: at(2),
        metadata: {},
      },
    },
    {
      type: 'turn',
      record: {
        tenantId,
        threadId: 'conversation',
        seq: 2,
        role: 'assistant',
        content: 'First answer — ünïcode',
        toolName: 'chat',
        model: 'glm:glm-4.6',
        files: [],
        idempotencyKey: undefined,
        createdAt: at(3),
        metadata: { finishReason: 'stop' },
      },
    },
    {
      type: 'workflow-state',
      record: { tenantId, threadId: 'conversation', state: { step: 2 }, updatedAt: at(4) },
    },
    {
      type: 'file',
      record: {
        tenantId,
        provider: 'kimi',
        sha256: 'f'.repeat(64),
        providerFileId: 'file-9',
        filename: 'notes.md',
        sizeInBytes: 4096,
        createdAt: at(5),
        expiresAt: new Date('2100-01-01T00:00:00.000Z'),
        refCount: 3,
      },
    },
    {
      type: 'usage',
      record: {
        tenantId,
        id: 'usage-1',
        threadId: 'conversation',
        model: 'glm:glm-4.6',
        inputTokens: 12,
        outputTokens: 34,
        costInUsd: 0.125,
        latencyInMs: 567,
        status: 'error',
        errorCode: 'rate_limited',
        createdAt: at(6),
      },
    },
    {
      type: 'audit',
      record: {
        tenantId,
        id: 'audit-1',
        at: at(7),
        actor: 'key-imported',
        action: 'thread.create',
        target: 'conversation',
        detail: { via: 'import' },
      },
    },
    {
      type: 'task',
      record: {
        tenantId,
        id: 'task-imported',
        status: 'failed',
        statusMessage: 'upstream timed out',
        request: { method: 'tools/call', params: { name: 'chat' } },
        result: { isError: true, content: [{ type: 'text', text: 'timeout' }] },
        ttlInMs: 60_000,
        pollIntervalInMs: 1_000,
        createdAt: at(8),
        updatedAt: at(9),
        expiresAt: new Date(at(8).getTime() + 60_000),
      },
    },
    {
      type: 'stream-event',
      record: {
        tenantId,
        streamId: 'stream-imported',
        eventId: 'event-imported',
        message: { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
        createdAt: at(9),
        expiresAt: new Date('2100-01-01T00:00:00.000Z'),
      },
    },
  ];
}
