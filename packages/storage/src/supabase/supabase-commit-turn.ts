import {
  InvalidArgumentError,
  StoreUnavailableError,
  type CommitTurnInput,
  type CommitTurnResult,
  type CommitTurnUsage,
  type ThreadRecord,
  type TurnRecord,
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
    ).catch((error: unknown) => {
      throw turns.length > 2 ? roundRefused(error, turns.length) : error;
    });
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

/**
 * A round of more than two turns refused by migration 3's `exai_commit_turn`, which takes exactly
 * two: the schema lacks migration 7. Said as what to do rather than as a refused argument.
 */
function roundRefused(error: unknown, count: number): unknown {
  if (!InvalidArgumentError.isInstance(error) || error.argument !== 'turns') return error;
  return new StoreUnavailableError({
    store: 'supabase',
    message:
      `The Supabase schema cannot store a round of ${count} turns: its exai_commit_turn is migration 3's, ` +
      'which takes a question and one answer. Apply migration 7 (commit-round): ' +
      'EXAI_STORE=supabase SUPABASE_DB_URL=<database url> exai migrate up.',
    cause: error,
    isRetryable: false,
  });
}
