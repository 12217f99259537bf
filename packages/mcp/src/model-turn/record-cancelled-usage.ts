import type { LanguageModelV1Prompt } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import { estimateTokens } from './build-conversation.js';
import { ensureTenant } from './ensure-tenant.js';

/** The `errorCode` of the usage record a cancelled model call leaves (its `status` is `error`). */
export const CANCELLED_USAGE_CODE = 'cancelled';

/**
 * A model call cancelled by its client (or by a stopping daemon) stores no turn, but its usage is
 * recorded — `status: 'error'`, `errorCode: 'cancelled'` — with the prompt's estimated input
 * tokens (the upstream was sent them) and no output tokens, so accounting sees every call. A
 * failure to record is logged, never thrown over the cancel.
 */
export async function recordCancelledUsage(
  context: ToolContext,
  {
    model,
    messages,
    threadId,
    startedAt,
  }: { model: string; messages: LanguageModelV1Prompt; threadId?: string; startedAt: number },
): Promise<void> {
  const { store } = context.runtime;
  try {
    await ensureTenant(store, context.tenantId);
    await store.recordUsage({
      tenantId: context.tenantId,
      ...(threadId !== undefined && { threadId }),
      model,
      inputTokens: estimateTokens(JSON.stringify(messages)),
      outputTokens: 0,
      latencyInMs: Math.round(performance.now() - startedAt),
      status: 'error',
      errorCode: CANCELLED_USAGE_CODE,
    });
  } catch (error) {
    context.log(`exai: could not record the usage of a cancelled ${model} call: ${String(error)}`);
  }
}
