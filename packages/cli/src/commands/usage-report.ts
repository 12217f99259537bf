import {
  builtinModels,
  estimateCostInUsd,
  findModelInfo,
  type SessionStoreV1,
  type UsageRecord,
} from '@exai/core';

export const usageGroupings = ['model', 'tenant', 'tool', 'day'] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

export interface UsageRow {
  /** The model spec, tenant id, tool name or `YYYY-MM-DD` (UTC), by grouping. */
  key: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costInUsd: number;
  /** Calls whose cost neither was recorded nor could be priced from the catalogue. */
  unpriced: number;
}

/** The most records a store returns in one page of `listUsage`. */
const pageSize = 500;

/** A recorded cost, else one from the catalogue's list prices (records written without one). */
export function costOf(
  record: Pick<UsageRecord, 'model' | 'inputTokens' | 'outputTokens' | 'costInUsd'>,
): number | undefined {
  if (record.costInUsd !== undefined) return record.costInUsd;
  const colon = record.model.indexOf(':');
  if (colon < 0) return undefined;
  const info = findModelInfo(builtinModels(record.model.slice(0, colon)), record.model.slice(colon + 1));
  return estimateCostInUsd(info, { inputTokens: record.inputTokens, outputTokens: record.outputTokens });
}

/**
 * Sums usage records of `tenantIds` since `from` by model, tenant, tool or day. The tool of a
 * record is the tool that started its thread (`unknown` when the thread is gone or there is none).
 */
export async function summarizeUsageBy(
  store: SessionStoreV1,
  { tenantIds, from, by }: { tenantIds: readonly string[]; from: Date | undefined; by: UsageGrouping },
): Promise<UsageRow[]> {
  const rows = new Map<string, UsageRow>();
  const toolOfThread = new Map<string, string>();
  const toolOf = async (record: UsageRecord): Promise<string> => {
    if (record.threadId === undefined) return 'unknown';
    const cacheKey = `${record.tenantId}\u0000${record.threadId}`;
    let tool = toolOfThread.get(cacheKey);
    if (tool === undefined) {
      const thread = await store.getThread(record.tenantId, record.threadId);
      const named = thread?.metadata.tool;
      tool = typeof named === 'string' ? named : 'unknown';
      toolOfThread.set(cacheKey, tool);
    }
    return tool;
  };
  for (const tenantId of tenantIds) {
    let cursor: string | undefined;
    do {
      const page = await store.listUsage(tenantId, {
        ...(from !== undefined && { from }),
        limit: pageSize,
        ...(cursor !== undefined && { cursor }),
      });
      for (const record of page.items) {
        const key =
          by === 'model'
            ? record.model
            : by === 'tenant'
              ? record.tenantId
              : by === 'day'
                ? record.createdAt.toISOString().slice(0, 10)
                : await toolOf(record);
        const row = rows.get(key) ?? {
          key,
          calls: 0,
          errors: 0,
          inputTokens: 0,
          outputTokens: 0,
          costInUsd: 0,
          unpriced: 0,
        };
        row.calls += 1;
        if (record.status === 'error') row.errors += 1;
        row.inputTokens += record.inputTokens;
        row.outputTokens += record.outputTokens;
        const cost = costOf(record);
        if (cost === undefined) row.unpriced += 1;
        else row.costInUsd += cost;
        rows.set(key, row);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  // Sums of binary fractions carry noise (0.1 + 0.2 = 0.30000000000000004): costs are kept to the
  // nano-dollar.
  const sorted = [...rows.values()].map((row) => ({
    ...row,
    costInUsd: Math.round(row.costInUsd * 1e9) / 1e9,
  }));
  if (by === 'day') sorted.sort((a, b) => a.key.localeCompare(b.key));
  else sorted.sort((a, b) => b.costInUsd - a.costInUsd || b.calls - a.calls || a.key.localeCompare(b.key));
  return sorted;
}
