import type {
  CommitTurnInput,
  CommitTurnResult,
  CommitTurnUsage,
  ThreadRecord,
  TurnRecord,
} from '@exai/core';
import { isoDate } from './supabase-arguments.js';
import { reviveRecord, reviveRecords } from './supabase-records.js';
import type { CallRpc } from './supabase-rpc.js';

/**
 * `commitTurn` as one call of `exai_commit_turn` (Supabase migrations 3 and 7): one request, one
 * transaction, for a question and one answer or a round of them.
 */
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
        p_usage:
          usage === undefined
            ? undefined
            : Array.isArray(usage)
              ? usage.map(withIsoDate)
              : withIsoDate(usage as CommitTurnUsage),
        p_audit: audit && { ...audit, at: isoDate(audit.at) },
      },
      { missing: { recordType: 'thread', recordId: thread.id } },
    );
    return {
      thread: reviveRecord<ThreadRecord>(result.thread),
      turns: reviveRecords<TurnRecord>(result.turns) as CommitTurnResult['turns'],
      created: result.created,
    };
  };
}

function withIsoDate(usage: CommitTurnUsage) {
  return { ...usage, createdAt: isoDate(usage.createdAt) };
}
