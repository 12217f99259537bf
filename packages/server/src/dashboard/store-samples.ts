import {
  builtinModels,
  estimateCostInUsd,
  findModelInfo,
  type AuditEventRecord,
  type SessionStoreV1,
  type UsageRecord,
} from '@exai/core';
import { SampleWindow, type DashboardSample } from './sample-window.js';
import { callRowOf } from './store-views.js';

const pageSize = 500;

function outcomeOf(value: string): DashboardSample['outcome'] {
  return value === 'ok' || value === 'cancelled' ? value : 'error';
}

function toolSampleOf(record: AuditEventRecord): DashboardSample {
  const row = callRowOf(record);
  return {
    at: record.at.getTime(),
    kind: 'tool',
    name: row.tool,
    tenantId: record.tenantId,
    outcome: outcomeOf(row.outcome),
    latencyInMs: row.latencyInMs ?? 0,
  };
}

function modelSampleOf(record: UsageRecord): DashboardSample {
  const colon = record.model.indexOf(':');
  const provider = colon < 0 ? record.model : record.model.slice(0, colon);
  const costInUsd =
    record.costInUsd ??
    (colon < 0
      ? undefined
      : estimateCostInUsd(findModelInfo(builtinModels(provider), record.model.slice(colon + 1)), record));
  return {
    at: record.createdAt.getTime(),
    kind: 'provider',
    name: provider,
    tenantId: record.tenantId,
    outcome: outcomeOf(record.status),
    latencyInMs: record.latencyInMs,
    model: record.model,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    costInUsd,
  };
}

/**
 * The samples of a store nobody's telemetry reaches (the SQLite file of stdio users): every `poll()`
 * reads the `tool.call` audit records and usage records written since the last one (at first: the
 * whole window), newest first until it meets one it has seen, and adds them oldest first.
 */
export function createStoreSamples({
  store,
  tenantsOf,
  windowInMs,
  maxSamples,
  now = Date.now,
}: {
  store: SessionStoreV1;
  /** The tenants to read (every tenant of the store). */
  tenantsOf: () => Promise<string[]>;
  windowInMs: number;
  maxSamples: number;
  now?: () => number;
}) {
  const window = new SampleWindow(windowInMs, maxSamples);
  const seen = new Map<string, number>();

  async function readAudit(tenantId: string, from: number, fresh: DashboardSample[]): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await store.listAudit(tenantId, {
        action: 'tool.call',
        limit: pageSize,
        ...(cursor !== undefined && { cursor }),
      });
      for (const record of page.items) {
        const key = `a\u0000${tenantId}\u0000${record.id}`;
        if (seen.has(key) || record.at.getTime() < from) return;
        seen.set(key, record.at.getTime());
        fresh.push(toolSampleOf(record));
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && fresh.length < maxSamples);
  }

  async function readUsage(tenantId: string, from: number, fresh: DashboardSample[]): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await store.listUsage(tenantId, {
        from: new Date(from),
        limit: pageSize,
        ...(cursor !== undefined && { cursor }),
      });
      for (const record of page.items) {
        const key = `u\u0000${tenantId}\u0000${record.id}`;
        if (seen.has(key)) return;
        seen.set(key, record.createdAt.getTime());
        fresh.push(modelSampleOf(record));
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && fresh.length < maxSamples);
  }

  let running: Promise<void> | undefined;
  async function pollOnce(): Promise<void> {
    const from = now() - windowInMs;
    const fresh: DashboardSample[] = [];
    for (const tenantId of await tenantsOf()) {
      await readAudit(tenantId, from, fresh);
      await readUsage(tenantId, from, fresh);
    }
    fresh.sort((a, b) => a.at - b.at);
    for (const sample of fresh) window.push(sample);
    for (const [key, at] of seen) if (at < from) seen.delete(key);
  }

  return {
    window,
    /** Reads what is new; concurrent calls share one read. */
    poll(): Promise<void> {
      running ??= pollOnce().finally(() => (running = undefined));
      return running;
    },
  };
}

export type StoreSamples = ReturnType<typeof createStoreSamples>;
