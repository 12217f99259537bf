import type { TurnRecord } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import { loadThread } from './load-thread.js';
import type { ModelTurnRequest } from './model-turn-request.js';

/**
 * Stage 1 of a model turn: the turns of the thread being continued, read once — or none for a new
 * thread. A thread the caller loaded already (`request.thread`) is used as it is.
 */
export function loadTurnThread(
  context: ToolContext,
  request: ModelTurnRequest,
): TurnRecord[] | Promise<TurnRecord[]> {
  const { continuationId, thread } = request;
  // A new thread (every stateless call) has nothing to read: no promise for it.
  if (continuationId === undefined) return [];
  if (thread !== undefined && thread.thread.id === continuationId) return thread.turns;
  return loadThread(context, continuationId, { toolName: request.toolName }).then((loaded) => loaded.turns);
}
