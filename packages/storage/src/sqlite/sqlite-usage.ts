import {
  RecordExistsError,
  RecordNotFoundError,
  type Page,
  type PageOptions,
  type RecordUsageInput,
  type UsageQuery,
  type UsageRecord,
  type UsageStatus,
  type UsageSummaryRow,
} from '@exai/core';

import { decodeCursor, pageLimit, toPage } from './sqlite-page.js';
import type { TenantQueries } from './sqlite-tenants.js';
import { orNull, toMs, toOptionalMs, type SqliteContext } from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

export interface UsageRow {
  tenant_id: string;
  id: string;
  thread_id: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  latency_ms: number;
  status: string;
  error_code: string | null;
  created_at: number;
}

export const selectUsageSql = 'SELECT * FROM usage_records ORDER BY tenant_id, created_at, id';

export function toUsageRecord(row: UsageRow): UsageRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    threadId: row.thread_id ?? undefined,
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costInUsd: row.cost_usd ?? undefined,
    latencyInMs: row.latency_ms,
    status: row.status as UsageStatus,
    errorCode: row.error_code ?? undefined,
    createdAt: new Date(row.created_at),
  };
}

const rangeSql = '(@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)';
type Range = { tenantId: string; from: number | null; to: number | null };

export function createUsageQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[UsageRow]>(
    `INSERT INTO usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
                                status, error_code, created_at)
     VALUES (@tenant_id, @id, @thread_id, @model, @input_tokens, @output_tokens, @cost_usd, @latency_ms, @status,
             @error_code, @created_at)
     ON CONFLICT DO NOTHING`,
  );
  const list = db.prepare<
    [Range & { cursorAt: number | null; cursorId: string | null; limit: number }],
    UsageRow
  >(
    `SELECT * FROM usage_records WHERE tenant_id = @tenantId AND ${rangeSql}
       AND (@cursorAt IS NULL OR created_at < @cursorAt OR (created_at = @cursorAt AND id < @cursorId))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const summarize = db.prepare<[Range], UsageSummaryRow>(
    `SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, model, count(*) AS calls,
            sum(status = 'error') AS errors, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
            coalesce(sum(cost_usd), 0) AS costInUsd
     FROM usage_records WHERE tenant_id = @tenantId AND ${rangeSql}
     GROUP BY day, model ORDER BY day, model`,
  );

  /** Inserts unless the key exists; returns whether it did. */
  const insertRecord = (record: UsageRecord): boolean =>
    insert.run({
      tenant_id: record.tenantId,
      id: record.id,
      thread_id: orNull(record.threadId),
      model: record.model,
      input_tokens: record.inputTokens,
      output_tokens: record.outputTokens,
      cost_usd: orNull(record.costInUsd),
      latency_ms: record.latencyInMs,
      status: record.status,
      error_code: orNull(record.errorCode),
      created_at: toMs(record.createdAt, 'createdAt'),
    }).changes > 0;

  const range = (tenantId: string, query: UsageQuery): Range => ({
    tenantId: tenantId,
    from: toOptionalMs(query.from),
    to: toOptionalMs(query.to),
  });

  return {
    record: db.transaction((input: RecordUsageInput): UsageRecord => {
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
        createdAt: input.createdAt ?? now(),
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (!insertRecord(record)) throw new RecordExistsError({ recordType: 'usage', recordId: record.id });
      return record;
    }).immediate,
    list(tenantId: string, query: UsageQuery & PageOptions = {}): Page<UsageRecord> {
      const limit = pageLimit(query.limit);
      const [cursorAt, cursorId] = (decodeCursor(query.cursor, ['number', 'string']) ?? [null, null]) as [
        number | null,
        string | null,
      ];
      const rows = list.all({ ...range(tenantId, query), cursorAt, cursorId, limit: limit + 1 });
      return toPage(rows, limit, toUsageRecord, (row) => [row.created_at, row.id]);
    },
    summarize: (tenantId: string, query: UsageQuery = {}): UsageSummaryRow[] =>
      summarize.all(range(tenantId, query)),
    insertRecord,
  };
}
