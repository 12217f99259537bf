import type { AuditEventRecord, SessionStoreV1, ThreadRecord } from '@exai/core';
import { redactSecrets } from '@exai/mcp';
import type { CallRow, DashboardScope, ThreadRow } from './dashboard-types.js';

/** The most tenants an admin's view reads the latest calls and threads of. */
export const maxTenantsShown = 50;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A `tool.call` audit record as a row of the latest calls; arguments stay as the record redacted them. */
export function callRowOf(record: AuditEventRecord): CallRow {
  const { detail } = record;
  return {
    at: record.at.toISOString(),
    tenantId: record.tenantId,
    tool: text(detail.tool) ?? record.target ?? 'unknown',
    model: text(detail.model),
    outcome: text(detail.outcome) ?? 'unknown',
    errorCode: text(detail.errorCode),
    latencyInMs: number(detail.latencyInMs),
    inputTokens: number(detail.inputTokens),
    outputTokens: number(detail.outputTokens),
    costInUsd: number(detail.costInUsd),
    correlationId: text(detail.correlationId),
    arguments: detail.arguments,
  };
}

function threadRowOf(thread: ThreadRecord): ThreadRow {
  return {
    tenantId: thread.tenantId,
    id: thread.id,
    // A title is the start of a prompt: credentials pasted into it are not shown.
    title: thread.title === undefined ? undefined : redactSecrets(thread.title),
    tool: text(thread.metadata.tool),
    turnCount: thread.turnCount,
    updatedAt: thread.updatedAt.toISOString(),
  };
}

/**
 * Reads the latest calls and threads of a scope from the store: one tenant, or for an admin every
 * tenant the store lists (the first `maxTenantsShown`) plus `localTenantId`. The tenant list is
 * cached for 30 s and the latest calls for `callsTtlInMs`, so open pages cost the store little.
 */
export function createStoreViews({
  store,
  localTenantId,
  callsTtlInMs = 2_000,
  now = Date.now,
}: {
  store: SessionStoreV1;
  localTenantId: string;
  callsTtlInMs?: number;
  now?: () => number;
}) {
  let tenants: { at: number; ids: Promise<string[]> } | undefined;
  const calls = new Map<string, { at: number; rows: Promise<CallRow[]> }>();

  function tenantsOf(scope: DashboardScope): Promise<string[]> {
    if (scope.tenantId !== undefined) return Promise.resolve([scope.tenantId]);
    if (tenants === undefined || now() - tenants.at > 30_000) {
      const ids = store.listTenants().then((records) => {
        const all = new Set([localTenantId, ...records.map((record) => record.id)]);
        return [...all].slice(0, maxTenantsShown);
      });
      ids.catch(() => (tenants = undefined));
      tenants = { at: now(), ids };
    }
    return tenants.ids;
  }

  async function readLatestCalls(scope: DashboardScope, limit: number): Promise<CallRow[]> {
    const rows: CallRow[] = [];
    for (const tenantId of await tenantsOf(scope)) {
      const page = await store.listAudit(tenantId, { action: 'tool.call', limit });
      rows.push(...page.items.map(callRowOf));
    }
    return rows.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  return {
    tenantsOf,
    /** The newest `tool.call` audit records of the scope, newest first. */
    latestCalls(scope: DashboardScope, limit = 25): Promise<CallRow[]> {
      const key = scope.tenantId ?? '\u0000all';
      const cached = calls.get(key);
      if (cached !== undefined && now() - cached.at < callsTtlInMs) return cached.rows;
      const rows = readLatestCalls(scope, limit);
      rows.catch(() => calls.delete(key));
      calls.set(key, { at: now(), rows });
      return rows;
    },
    /** Threads of the scope whose title or turns hold `search` (all when empty), newest first. */
    async searchThreads(scope: DashboardScope, search: string, limit = 50): Promise<ThreadRow[]> {
      const rows: ThreadRow[] = [];
      for (const tenantId of await tenantsOf(scope)) {
        const page = await store.listThreads(tenantId, { limit, ...(search !== '' && { search }) });
        rows.push(...page.items.map(threadRowOf));
      }
      return rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
    },
  };
}

export type StoreViews = ReturnType<typeof createStoreViews>;
