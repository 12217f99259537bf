import type {
  Page,
  PageOptions,
  RecordUsageInput,
  TenantId,
  UsageQuery,
  UsageRecord,
  UsageStatus,
  UsageSummaryRow,
} from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { decodeCursor, exactTimestamp, pageLimit, toPage } from './page-cursor.js';
import { optionalText, type StoreContext } from './store-context.js';
import { createRecordId } from '@exai/core/internal';

export interface UsageRow {
  tenant_id: string;
  id: string;
  thread_id: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string | null;
  latency_ms: number;
  status: string;
  error_code: string | null;
  created_at: Date;
}

export const usageColumns =
  'tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms, status, error_code, created_at';

export function mapUsageRow(row: UsageRow): UsageRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    threadId: optionalText(row.thread_id),
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costInUsd: row.cost_usd === null ? undefined : Number(row.cost_usd), // numeric arrives as text
    latencyInMs: row.latency_ms,
    status: row.status as UsageStatus,
    errorCode: optionalText(row.error_code),
    createdAt: row.created_at,
  };
}

export async function recordUsage(context: StoreContext, input: RecordUsageInput): Promise<UsageRecord> {
  const id = input.id ?? createRecordId();
  const constraints = {
    exists: { recordType: 'usage', recordId: id },
    parent: { recordType: 'tenant', recordId: input.tenantId },
  };
  const result = await withConstraintErrors(constraints, () =>
    context.executor.query<UsageRow>(
      `insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
         status, error_code, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       returning ${usageColumns}`,
      [
        input.tenantId,
        id,
        input.threadId ?? null,
        input.model,
        input.inputTokens,
        input.outputTokens,
        input.costInUsd ?? null,
        Math.round(input.latencyInMs),
        input.status,
        input.errorCode ?? null,
        input.createdAt ?? context.now(),
      ],
    ),
  );
  return mapUsageRow(result.rows[0]!);
}

/** `[from, to)` as SQL conditions on `created_at`, appended to `values`. */
export function usageRange(query: UsageQuery, values: unknown[]): string {
  let sql = '';
  if (query.from !== undefined) sql += ` and created_at >= $${values.push(query.from)}`;
  if (query.to !== undefined) sql += ` and created_at < $${values.push(query.to)}`;
  return sql;
}

/** Newest first, keyset-paged on `(created_at, id)` along `usage_records_tenant_created_idx`. */
export function listUsageQuery(tenantId: TenantId, query: UsageQuery & PageOptions) {
  const limit = pageLimit(query.limit);
  const values: unknown[] = [tenantId];
  let where = `tenant_id = $1${usageRange(query, values)}`;
  const cursor = decodeCursor(query.cursor, 2);
  if (cursor !== undefined) {
    where += ` and (created_at, id) < ($${values.push(cursor[0])}::timestamptz, $${values.push(cursor[1])})`;
  }
  const text = `select ${usageColumns}, ${exactTimestamp('created_at')} as cursor_at from usage_records
    where ${where} order by created_at desc, id desc limit $${values.push(limit + 1)}`;
  return { text, values, limit };
}

export async function listUsage(
  context: StoreContext,
  tenantId: TenantId,
  query: UsageQuery & PageOptions = {},
): Promise<Page<UsageRecord>> {
  const { text, values, limit } = listUsageQuery(tenantId, query);
  const result = await context.executor.query<UsageRow & { cursor_at: string }>(text, values, {
    idempotent: true,
  });
  return toPage(result.rows, limit, mapUsageRow, (row) => [row.cursor_at, row.id]);
}

/** Sums per UTC day and model over `[from, to)`. */
export function summarizeUsageQuery(tenantId: TenantId, query: UsageQuery) {
  const values: unknown[] = [tenantId];
  const text = `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, model,
      count(*)::int as calls, (count(*) filter (where status = 'error'))::int as errors,
      coalesce(sum(input_tokens), 0)::bigint as input_tokens, coalesce(sum(output_tokens), 0)::bigint as output_tokens,
      coalesce(sum(cost_usd), 0) as cost_usd
    from usage_records where tenant_id = $1${usageRange(query, values)}
    group by 1, 2 order by 1, 2`;
  return { text, values };
}

export async function summarizeUsage(
  context: StoreContext,
  tenantId: TenantId,
  query: UsageQuery = {},
): Promise<UsageSummaryRow[]> {
  const { text, values } = summarizeUsageQuery(tenantId, query);
  const result = await context.executor.query<{
    day: string;
    model: string;
    calls: number;
    errors: number;
    input_tokens: string;
    output_tokens: string;
    cost_usd: string;
  }>(text, values, { idempotent: true });
  return result.rows.map((row) => ({
    day: row.day,
    model: row.model,
    calls: row.calls,
    errors: row.errors,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costInUsd: Number(row.cost_usd),
  }));
}
