import { DEFAULT_MAX_TURNS } from '../mcp-server/exai-runtime.js';
import type { ToolResult } from './define-tool.js';
import type { ToolContext } from './tool-context.js';

/**
 * How many more exchanges (a question and its answer: two turns) the thread can hold under the
 * turn limit (`limits.maxTurns`); undefined when the thread is not stored. `turnCount`, when the
 * caller has it (a model turn's commit returns it), saves reading the thread again.
 */
export async function remainingExchanges(
  { runtime, tenantId }: Pick<ToolContext, 'runtime' | 'tenantId'>,
  threadId: string,
  turnCount?: number,
): Promise<number | undefined> {
  if (threadId === '') return undefined;
  const turns = turnCount ?? (await runtime.store.getThread(tenantId, threadId))?.turnCount;
  if (turns === undefined) return undefined;
  const maxTurns = runtime.limits?.maxTurns ?? DEFAULT_MAX_TURNS;
  return Math.max(0, Math.floor((maxTurns - turns) / 2));
}

/**
 * A model-backed tool's result with the thread's remaining exchanges: a line after the text's
 * footer ("N exchanges remaining in this thread") and `remaining_exchanges` in `structuredContent`,
 * marked as belonging to the thread (`threadId`), so a long result's pages go with the thread.
 */
export async function withRemainingExchanges<Output extends Record<string, unknown>>(
  context: Pick<ToolContext, 'runtime' | 'tenantId'>,
  threadId: string,
  result: ToolResult<Output>,
  turnCount?: number,
): Promise<ToolResult<Output & { remaining_exchanges?: number }>> {
  const remaining = await remainingExchanges(context, threadId, turnCount);
  if (remaining === undefined) return threadId === '' ? result : { ...result, threadId };
  const line =
    remaining === 0
      ? 'No exchanges remaining in this thread: start a new one (no continuation_id) to go on.'
      : `${remaining} exchange${remaining === 1 ? '' : 's'} remaining in this thread.`;
  return {
    text: `${result.text}\n${line}`,
    threadId,
    ...(result.structuredContent !== undefined && {
      structuredContent: { ...result.structuredContent, remaining_exchanges: remaining },
    }),
  };
}
