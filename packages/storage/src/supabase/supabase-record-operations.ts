import type { AuditEventRecord, FileRecord, SessionStoreV1, UsageRecord, UsageSummaryRow } from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { decodeCursor, encodeCursor } from './supabase-cursor.js';
import { reviveOptionalRecord, reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';
import type { RpcPage } from './supabase-thread-operations.js';

type RecordOperations = Pick<
  SessionStoreV1,
  | 'putFileRecord'
  | 'getFileRecord'
  | 'adjustFileReferences'
  | 'deleteFileRecord'
  | 'listFileRecords'
  | 'recordUsage'
  | 'listUsage'
  | 'summarizeUsage'
  | 'appendAudit'
  | 'listAudit'
>;

export function createSupabaseRecordOperations(rpc: CallRpc): RecordOperations {
  return {
    async putFileRecord(input) {
      const row = await rpc(
        'exai_put_file_record',
        {
          p_tenant_id: input.tenantId,
          p_provider: input.provider,
          p_sha256: input.sha256,
          p_provider_file_id: input.providerFileId,
          p_filename: input.filename,
          p_size_bytes: input.sizeInBytes,
          p_expires_at: isoDate(input.expiresAt),
        },
        { missing: { recordType: 'tenant', recordId: input.tenantId } },
      );
      return reviveRecord<FileRecord>(row);
    },
    async getFileRecord(tenantId, provider, sha256) {
      const row = await rpc('exai_get_file_record', {
        p_tenant_id: tenantId,
        p_provider: provider,
        p_sha256: sha256,
      });
      return reviveOptionalRecord<FileRecord>(row);
    },
    async adjustFileReferences(tenantId, provider, sha256, delta) {
      const row = await rpc('exai_adjust_file_references', {
        p_tenant_id: tenantId,
        p_provider: provider,
        p_sha256: sha256,
        p_delta: delta,
      });
      return reviveRecord<FileRecord>(row);
    },
    async deleteFileRecord(tenantId, provider, sha256) {
      return rpc<boolean>('exai_delete_file_record', {
        p_tenant_id: tenantId,
        p_provider: provider,
        p_sha256: sha256,
      });
    },
    async listFileRecords(tenantId, { limit, cursor } = {}) {
      const after = decodeCursor('files', cursor);
      const page = await rpc<RpcPage>('exai_list_file_records', {
        p_tenant_id: tenantId,
        p_limit: limit,
        p_after_provider: after?.[0],
        p_after_sha256: after?.[1],
      });
      return { items: reviveRecords<FileRecord>(page.items), nextCursor: encodeCursor('files', page.next) };
    },
    async recordUsage(input) {
      const row = await rpc(
        'exai_record_usage',
        {
          p_tenant_id: input.tenantId,
          p_id: input.id,
          p_thread_id: input.threadId,
          p_model: input.model,
          p_input_tokens: input.inputTokens,
          p_output_tokens: input.outputTokens,
          p_cost_usd: input.costInUsd,
          p_latency_ms: input.latencyInMs,
          p_status: input.status,
          p_error_code: input.errorCode,
          p_created_at: isoDate(input.createdAt),
        },
        { missing: { recordType: 'tenant', recordId: input.tenantId } },
      );
      return reviveRecord<UsageRecord>(row);
    },
    async listUsage(tenantId, { from, to, limit, cursor } = {}) {
      const after = decodeCursor('usage', cursor);
      const page = await rpc<RpcPage>('exai_list_usage', {
        p_tenant_id: tenantId,
        p_from: isoDate(from),
        p_to: isoDate(to),
        p_limit: limit,
        p_after_time: after?.[0],
        p_after_id: after?.[1],
      });
      return { items: reviveRecords<UsageRecord>(page.items), nextCursor: encodeCursor('usage', page.next) };
    },
    async summarizeUsage(tenantId, { from, to } = {}) {
      return rpc<UsageSummaryRow[]>('exai_summarize_usage', {
        p_tenant_id: tenantId,
        p_from: isoDate(from),
        p_to: isoDate(to),
      });
    },
    async appendAudit(input) {
      const row = await rpc(
        'exai_append_audit',
        {
          p_tenant_id: input.tenantId,
          p_id: input.id,
          p_at: isoDate(input.at),
          p_actor: input.actor,
          p_action: input.action,
          p_target: input.target,
          p_detail: input.detail,
        },
        { missing: { recordType: 'tenant', recordId: input.tenantId } },
      );
      return reviveRecord<AuditEventRecord>(row);
    },
    async listAudit(tenantId, { action, limit, cursor } = {}) {
      const after = decodeCursor('audit', cursor);
      const page = await rpc<RpcPage>('exai_list_audit', {
        p_tenant_id: tenantId,
        p_action: action,
        p_limit: limit,
        p_after_time: after?.[0],
        p_after_id: after?.[1],
      });
      return {
        items: reviveRecords<AuditEventRecord>(page.items),
        nextCursor: encodeCursor('audit', page.next),
      };
    },
  };
}
