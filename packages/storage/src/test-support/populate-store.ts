import type { SessionStoreV1, StoreRecord } from '@exai/core';

/** Fills a store with a bit of everything, in two tenants. */
export async function populateStore(
  store: SessionStoreV1,
  { threads = 3, turnsPerThread = 4 } = {},
): Promise<void> {
  await store.createTenant({ id: 'acme', name: 'Acme', settings: { budgetInUsd: 25 } });
  await store.createApiKey({
    tenantId: 'acme',
    id: 'key-1',
    name: 'ci',
    prefix: 'exai_ab12',
    hash: 'a'.repeat(64),
  });
  for (const tenantId of ['default', 'acme']) {
    for (let index = 0; index < threads; index++) {
      const thread = await store.createThread({
        tenantId,
        title: `Review ${index} ünïcödé`,
        metadata: { tool: 'codereview', nested: { files: ['a.ts', 'b.ts'] } },
        expiresAt: new Date(Date.UTC(2099, 0, 1)),
      });
      for (let turn = 0; turn < turnsPerThread; turn++) {
        await store.appendTurn({
          tenantId,
          threadId: thread.id,
          role: turn % 2 === 0 ? 'user' : 'assistant',
          content: `turn ${turn} of ${thread.id}\nwith "quotes" and a tab\t`,
          ...(turn % 2 === 1 && { model: 'kimi:kimi-k2-0905-preview' }),
          files: turn === 0 ? ['/src/app.ts'] : [],
          idempotencyKey: `k-${turn}`,
        });
      }
      await store.putWorkflowState(tenantId, thread.id, { step: 2, findings: ['x'] });
    }
    await store.putFileRecord({
      tenantId,
      provider: 'kimi',
      sha256: 'f'.repeat(64),
      providerFileId: 'file-1',
      filename: 'spec.pdf',
      sizeInBytes: 1234,
      expiresAt: new Date(Date.UTC(2099, 0, 1)),
    });
    await store.adjustFileReferences(tenantId, 'kimi', 'f'.repeat(64), 2);
    await store.recordUsage({
      tenantId,
      model: 'glm:glm-4.6',
      inputTokens: 100,
      outputTokens: 20,
      costInUsd: 0.0001,
      latencyInMs: 850,
      status: 'ok',
      createdAt: new Date(Date.UTC(2026, 10, 25, 23, 59)),
    });
    await store.recordUsage({
      tenantId,
      model: 'kimi:kimi-k2-0905-preview',
      inputTokens: 5,
      outputTokens: 0,
      latencyInMs: 30_000,
      status: 'error',
      errorCode: 'timeout',
      createdAt: new Date(Date.UTC(2026, 10, 26, 0, 1)),
    });
    await store.appendAudit({
      tenantId,
      actor: 'cli',
      action: 'thread.create',
      target: 'x',
      detail: { n: 1 },
    });
  }
}

/** JSON with object keys sorted at every level, dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Every record of a store, as comparable JSON: sorted, and without the seeded tenant's creation time. */
export async function snapshotStore(store: SessionStoreV1): Promise<string[]> {
  const lines: string[] = [];
  for await (const entry of store.exportRecords()) {
    const record: Record<string, unknown> = { ...(entry as StoreRecord).record };
    if (entry.type === 'tenant' && record.id === 'default') delete record.createdAt;
    lines.push(JSON.stringify(canonical({ type: entry.type, record })));
  }
  return lines.sort();
}
