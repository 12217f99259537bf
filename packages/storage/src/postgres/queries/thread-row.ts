import type { ThreadRecord } from '@exai/core';
import { jsonObject, optionalDate, optionalText } from './store-context.js';

export interface ThreadRow {
  tenant_id: string;
  id: string;
  title: string | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
  turn_count: number;
  metadata: unknown;
}

export const threadColumns = 'tenant_id, id, title, created_at, updated_at, expires_at, turn_count, metadata';

export function mapThreadRow(row: ThreadRow): ThreadRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    title: optionalText(row.title),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: optionalDate(row.expires_at),
    turnCount: row.turn_count,
    metadata: jsonObject(row.metadata),
  };
}
