import { ExaiError } from '@exai/core';
import { CANCELLED_USAGE_CODE, recordErrorUsage } from '../../model-turn/record-failed-usage.js';
import type { ToolContext } from '../tool-context.js';

/**
 * The usage record of a clink call whose agent was started and did not give an answer — it failed,
 * timed out, wrote too much, wrote what its parser could not read, or was cancelled: one record,
 * `status: 'error'`, model `clink:<agent>`, no tokens (an agent reports none), the time it ran and
 * the call's error code (`cancelled` for a cancel). It is the record a successful call commits
 * with its turn, failed, as decision 0039 has it for model calls. An agent that could not be
 * started (not on the PATH, not executable) ran nothing and is not recorded; neither is a call
 * refused before (an unknown agent or role, a file outside the allowed roots). A failure to
 * record is logged, never thrown over the call's own error.
 */
export async function recordFailedClinkUsage(
  context: ToolContext,
  {
    agent,
    error,
    latencyInMs,
    threadId,
  }: { agent: string; error: unknown; latencyInMs: number; threadId: string | undefined },
): Promise<void> {
  const code = ExaiError.isInstance(error) ? error.code : 'internal_error';
  const errorCode = context.signal.aborted || code === 'aborted' ? CANCELLED_USAGE_CODE : code;
  await recordErrorUsage(context, {
    model: `clink:${agent}`,
    inputTokens: 0,
    outputTokens: 0,
    latencyInMs,
    errorCode,
    threadId,
  });
}
