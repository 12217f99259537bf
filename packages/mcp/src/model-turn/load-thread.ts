import { InvalidArgumentError, RecordNotFoundError } from '@exai/core';
import { DEFAULT_MAX_TURNS } from '../mcp-server/exai-runtime.js';
import type { ThreadRecord, TurnRecord } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';

export interface LoadedThread {
  thread: ThreadRecord;
  turns: TurnRecord[];
}

/**
 * The thread a `continuation_id` names, with its turns; a clear `not_found` when it does not exist
 * or has expired, and `invalid_argument` when `turnsToAdd` more turns would pass the turn limit.
 */
export async function loadThread(
  context: Pick<ToolContext, 'runtime' | 'tenantId'>,
  continuationId: string,
  options: { toolName: string; turnsToAdd?: number },
): Promise<LoadedThread> {
  const thread = await checkThread(context, continuationId, options);
  return { thread, turns: await context.runtime.store.listTurns(context.tenantId, thread.id) };
}

/**
 * The checks of `loadThread` without reading the turns, for a caller that needs the thread to
 * exist and have room but not its messages.
 */
export async function checkThread(
  { runtime, tenantId }: Pick<ToolContext, 'runtime' | 'tenantId'>,
  continuationId: string,
  { toolName, turnsToAdd = 2 }: { toolName: string; turnsToAdd?: number },
): Promise<ThreadRecord> {
  const { store } = runtime;
  const maxTurns = runtime.limits?.maxTurns ?? DEFAULT_MAX_TURNS;
  const thread = await store.getThread(tenantId, continuationId);
  if (thread === undefined || (thread.expiresAt !== undefined && thread.expiresAt < new Date())) {
    throw threadGoneError(continuationId, toolName);
  }
  if (thread.turnCount + turnsToAdd > maxTurns) {
    throw new InvalidArgumentError({
      argument: 'continuation_id',
      message:
        `The conversation "${thread.id}" has reached its limit of ${maxTurns} messages. ` +
        `Call ${toolName} without continuation_id to start a new one, summarising what matters.`,
    });
  }
  return thread;
}

/** The `not_found` a tool answers for a `continuation_id` that names no (live) thread. */
export function threadGoneError(continuationId: string, toolName: string): RecordNotFoundError {
  return new RecordNotFoundError({
    recordType: 'thread',
    recordId: continuationId,
    message:
      `No conversation with continuation_id "${continuationId}" exists (it may have expired ` +
      `or been deleted). Call ${toolName} without continuation_id to start a new one.`,
  });
}
