import { RecordExistsError } from '../../errors/record-exists-error.js';
import type { SessionStoreV1, UsageQuery, UsageRecord, UsageSummaryRow } from '../v1/index.js';
import { newestFirst, paginate } from './memory-cursor.js';
import { assertOpen, copy, currentTime, requireTenant } from './memory-store-state.js';
import type { MemoryStoreState } from './memory-store-state.js';
import { createRecordId } from '../create-record-id.js';

type UsageOperations = Pick<SessionStoreV1, 'recordUsage' | 'listUsage' | 'summarizeUsage'>;

/** Whether a time is in the query's range: `from` inclusive, `to` exclusive. */
function rangeOf(query: UsageQuery | undefined): (time: Date) => boolean {
  const from = query?.from?.getTime() ?? -Infinity;
  const to = query?.to?.getTime() ?? Infinity;
  return (time) => time.getTime() >= from && time.getTime() < to;
}

export function createMemoryUsageOperations(state: MemoryStoreState): UsageOperations {
  function usageOf(tenantId: string, query: UsageQuery | undefined): UsageRecord[] {
    const inRange = rangeOf(query);
    const tenant = state.tenants.get(tenantId);
    return [...(tenant?.usage.values() ?? [])].filter((record) => inRange(record.createdAt));
  }

  return {
    async recordUsage(input) {
      assertOpen(state);
      const record: UsageRecord = {
        tenantId: input.tenantId,
        id: input.id ?? createRecordId(),
        threadId: input.threadId,
        model: input.model,
        inputTokens: input.inputTokens,
        outputTokens: input.outputTokens,
        costInUsd: input.costInUsd,
        latencyInMs: input.latencyInMs,
        status: input.status,
        errorCode: input.errorCode,
        createdAt: input.createdAt ?? currentTime(state),
      };
      const tenant = requireTenant(state, record.tenantId);
      if (tenant.usage.has(record.id))
        throw new RecordExistsError({ recordType: 'usage', recordId: record.id });
      state.beforeWrite('usage');
      tenant.usage.set(record.id, record);
      return copy(record);
    },

    async listUsage(tenantId, query) {
      assertOpen(state);
      const page = paginate(
        usageOf(tenantId, query),
        query,
        (record) => [record.createdAt.getTime(), record.id],
        newestFirst,
      );
      return { items: page.items.map((record) => copy(record)), nextCursor: page.nextCursor };
    },

    async summarizeUsage(tenantId, query) {
      assertOpen(state);
      const rows = new Map<string, UsageSummaryRow>();
      for (const record of usageOf(tenantId, query)) {
        const day = record.createdAt.toISOString().slice(0, 10);
        const key = JSON.stringify([day, record.model]);
        const row = rows.get(key) ?? {
          day,
          model: record.model,
          calls: 0,
          errors: 0,
          inputTokens: 0,
          outputTokens: 0,
          costInUsd: 0,
        };
        row.calls += 1;
        row.errors += record.status === 'error' ? 1 : 0;
        row.inputTokens += record.inputTokens;
        row.outputTokens += record.outputTokens;
        row.costInUsd += record.costInUsd ?? 0;
        rows.set(key, row);
      }
      return [...rows.values()].sort((a, b) =>
        a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.model < b.model ? -1 : a.model > b.model ? 1 : 0,
      );
    },
  };
}
