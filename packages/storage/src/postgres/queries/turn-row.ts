import type { TurnRecord, TurnRole } from '@exai/core';
import { jsonObject, optionalText } from './store-context.js';

export interface TurnRow {
  tenant_id: string;
  thread_id: string;
  seq: number;
  role: string;
  content: string;
  tool_name: string | null;
  model: string | null;
  files: unknown;
  idempotency_key: string | null;
  created_at: Date;
  metadata: unknown;
}

export const turnColumns =
  'tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key, created_at, metadata';

export function mapTurnRow(row: TurnRow): TurnRecord {
  return {
    tenantId: row.tenant_id,
    threadId: row.thread_id,
    seq: row.seq,
    role: row.role as TurnRole,
    content: row.content,
    toolName: optionalText(row.tool_name),
    model: optionalText(row.model),
    files: Array.isArray(row.files) ? row.files.map(String) : [],
    idempotencyKey: optionalText(row.idempotency_key),
    createdAt: row.created_at,
    metadata: jsonObject(row.metadata),
  };
}
