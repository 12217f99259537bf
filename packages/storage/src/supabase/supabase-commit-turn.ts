import type { CommitTurnInput, CommitTurnResult, ThreadRecord, TurnRecord } from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';

/** `commitTurn` as one call of `exai_commit_turn` (Supabase migration 3): one request, one transaction. */
export function createSupabaseCommitTurn(
  rpc: CallRpc,
): (input: CommitTurnInput) => Promise<CommitTurnResult> {
  return async function commitTurn({ tenantId, thread, idempotencyKey, expiresAt, turns, usage, audit }) {
    const result = await rpc<{ thread: unknown; turns: unknown[]; created: boolean }>(
      'exai_commit_turn',
      {
        p_tenant_id: tenantId,
        p_thread_id: thread.id,
        p_idempotency_key: idempotencyKey,
        p_create_thread: thread.create !== undefined,
        p_title: thread.create?.title,
        p_thread_metadata: thread.create?.metadata,
        p_expires_at: isoDate(expiresAt),
        p_turns: turns,
        p_usage: usage && { ...usage, createdAt: isoDate(usage.createdAt) },
        p_audit: audit && { ...audit, at: isoDate(audit.at) },
      },
      { missing: { recordType: 'thread', recordId: thread.id } },
    );
    const [question, answer] = reviveRecords<TurnRecord>(result.turns);
    return {
      thread: reviveRecord<ThreadRecord>(result.thread),
      turns: [question!, answer!],
      created: result.created,
    };
  };
}
