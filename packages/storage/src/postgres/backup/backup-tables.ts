import type { StoreRecord, StoreRecordType } from '@exai/core';
import { mapApiKeyRow } from '../queries/api-key-queries.js';
import { mapAuditRow } from '../queries/audit-queries.js';
import { mapFileRow } from '../queries/file-queries.js';
import { mapTenantRow } from '../queries/tenant-queries.js';
import { mapThreadRow } from '../queries/thread-row.js';
import { mapTurnRow } from '../queries/turn-row.js';
import { mapUsageRow } from '../queries/usage-queries.js';
import { mapWorkflowStateRow } from '../queries/workflow-state-queries.js';
import { mapStreamEventRow } from '../queries/stream-event-queries.js';
import { mapTaskRow } from '../queries/task-queries.js';

/** A column: its name, its SQL type, and the record field it holds. */
export interface BackupColumn {
  name: string;
  sqlType: string;
  field: string;
}

/** How one record type is read out in key order and written back from a `jsonb` batch. */
export interface BackupTable {
  type: StoreRecordType;
  table: string;
  /** The primary key, which is also the export order. */
  key: readonly string[];
  /** The unique key an import skips on, when it is not `key` (whose columns are then not imported). */
  importKey?: readonly string[];
  columns: readonly BackupColumn[];
  toRecord(row: Record<string, unknown>): StoreRecord['record'];
}

/** Fields whose name is not the camel case of their column. */
const fieldByColumn: Record<string, string> = {
  size_bytes: 'sizeInBytes',
  cost_usd: 'costInUsd',
  latency_ms: 'latencyInMs',
  ttl_ms: 'ttlInMs',
  poll_interval_ms: 'pollIntervalInMs',
};

/** `'id text, created_at timestamptz'` → columns, each with its record field (`createdAt`). */
function parseColumns(definitions: string): BackupColumn[] {
  return definitions.split(',').map((definition) => {
    const [name = '', sqlType = ''] = definition.trim().split(/\s+/);
    const field =
      fieldByColumn[name] ?? name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    return { name, sqlType, field };
  });
}

function table(
  type: StoreRecordType,
  name: string,
  key: string[],
  columns: string,
  toRecord: (row: never) => StoreRecord['record'],
  importKey?: string[],
): BackupTable {
  return {
    type,
    table: name,
    key,
    ...(importKey !== undefined && { importKey }),
    columns: parseColumns(columns),
    toRecord: toRecord as BackupTable['toRecord'],
  };
}

/** Parents first: a tenant before its keys and threads, a thread before its turns and state. */
export const backupTables: readonly BackupTable[] = [
  table(
    'tenant',
    'tenants',
    ['id'],
    'id text, name text, created_at timestamptz, disabled boolean, settings jsonb',
    mapTenantRow,
  ),
  table(
    'api-key',
    'api_keys',
    ['id'],
    'id text, tenant_id text, name text, prefix text, hash text, created_at timestamptz, revoked_at timestamptz, ' +
      'last_used_at timestamptz',
    mapApiKeyRow,
  ),
  table(
    'thread',
    'threads',
    ['tenant_id', 'id'],
    'tenant_id text, id text, title text, created_at timestamptz, updated_at timestamptz, expires_at timestamptz, ' +
      'turn_count integer, metadata jsonb',
    mapThreadRow,
  ),
  table(
    'turn',
    'turns',
    ['tenant_id', 'thread_id', 'seq'],
    'tenant_id text, thread_id text, seq integer, role text, content text, tool_name text, model text, files jsonb, ' +
      'idempotency_key text, created_at timestamptz, metadata jsonb',
    mapTurnRow,
  ),
  table(
    'workflow-state',
    'workflow_states',
    ['tenant_id', 'thread_id'],
    'tenant_id text, thread_id text, state jsonb, updated_at timestamptz',
    mapWorkflowStateRow,
  ),
  table(
    'file',
    'files',
    ['tenant_id', 'provider', 'sha256'],
    'tenant_id text, provider text, sha256 text, provider_file_id text, filename text, size_bytes bigint, ' +
      'created_at timestamptz, expires_at timestamptz, ref_count integer',
    mapFileRow,
  ),
  table(
    'usage',
    'usage_records',
    ['tenant_id', 'id'],
    'tenant_id text, id text, thread_id text, model text, input_tokens integer, output_tokens integer, ' +
      'cost_usd numeric, latency_ms integer, status text, error_code text, created_at timestamptz',
    mapUsageRow,
  ),
  table(
    'audit',
    'audit_events',
    ['tenant_id', 'id'],
    'tenant_id text, id text, at timestamptz, actor text, action text, target text, detail jsonb',
    mapAuditRow,
  ),
  table(
    'task',
    'tasks',
    ['tenant_id', 'id'],
    'tenant_id text, id text, status text, status_message text, request jsonb, result jsonb, ttl_ms bigint, ' +
      'poll_interval_ms bigint, created_at timestamptz, updated_at timestamptz, expires_at timestamptz',
    mapTaskRow,
  ),
  // Exported in append order (`seq`); an import appends them again, so each stream keeps its order.
  table(
    'stream-event',
    'stream_events',
    ['seq'],
    'tenant_id text, stream_id text, event_id text, message jsonb, created_at timestamptz, expires_at timestamptz',
    mapStreamEventRow,
    ['tenant_id', 'event_id'],
  ),
];

export const backupTableByType = new Map(backupTables.map((entry) => [entry.type, entry]));

/** The record as a row object keyed by column name (undefined fields become SQL null). */
export function toRow(entry: BackupTable, record: StoreRecord['record']): Record<string, unknown> {
  const fields = record as unknown as Record<string, unknown>;
  return Object.fromEntries(entry.columns.map(({ name, field }) => [name, fields[field] ?? null]));
}
