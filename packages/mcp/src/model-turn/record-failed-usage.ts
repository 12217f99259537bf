import { estimateCostInUsd, ExaiError, type LanguageModelV1Prompt, type ModelCallPlan } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import { estimateTokens } from './build-conversation.js';
import { ensureTenant } from './ensure-tenant.js';
import { lastModelTried, type ModelCallAttempt } from './model-call-attempt.js';

/** The `errorCode` of the usage record a cancelled model call leaves (its `status` is `error`). */
export const CANCELLED_USAGE_CODE = 'cancelled';

/**
 * The usage record of a model call that did not end in a stored turn — one record per call, after
 * its fallbacks, `status: 'error'`, so accounting sees every call a model was asked:
 * - failed (an upstream error or timeout, an invalid answer, every fallback failing, an answer
 *   over the size cap): `errorCode` is the call's error code, the model is the last one tried, the
 *   tokens are those the provider reported (0 when it reported none);
 * - cancelled by its client (or a stopping daemon): `errorCode: 'cancelled'`, with the prompt's
 *   estimated input tokens (the upstream was sent them) unless the provider reported its own.
 * Nothing is recorded when no model was asked (a call refused by the tenant's limits) or when the
 * model answered and only storing the turn failed. A failure to record is logged, never thrown
 * over the call's own error.
 */
export async function recordFailedUsage(
  context: ToolContext,
  {
    attempt,
    plan,
    error,
    messages,
    threadId,
  }: {
    attempt: ModelCallAttempt;
    plan: ModelCallPlan;
    error: unknown;
    messages: LanguageModelV1Prompt;
    threadId?: string | undefined;
  },
): Promise<void> {
  const { startedAt } = attempt;
  if (startedAt === undefined) return;
  const code = ExaiError.isInstance(error) ? error.code : 'internal_error';
  const cancelled = context.signal.aborted || code === 'aborted';
  if (attempt.answered === true && !cancelled) return;
  const model = lastModelTried(attempt, plan, error);
  const inputTokens =
    attempt.usage?.inputTokens ?? (cancelled ? estimateTokens(JSON.stringify(messages)) : 0);
  const outputTokens = attempt.usage?.outputTokens ?? 0;
  const costInUsd = estimateCostInUsd(model.info, attempt.usage ?? { inputTokens, outputTokens });
  await recordErrorUsage(context, {
    model: model.spec,
    inputTokens,
    outputTokens,
    costInUsd,
    latencyInMs: Math.round(performance.now() - startedAt),
    errorCode: cancelled ? CANCELLED_USAGE_CODE : code,
    threadId,
  });
}

/**
 * Writes one `status: 'error'` usage record (the tenant created first if new). A failure to write
 * it is logged, never thrown: it must not hide the call's own error.
 */
export async function recordErrorUsage(
  context: Pick<ToolContext, 'runtime' | 'tenantId' | 'log'>,
  record: {
    model: string;
    inputTokens: number;
    outputTokens: number;
    costInUsd?: number | undefined;
    latencyInMs: number;
    errorCode: string;
    threadId?: string | undefined;
  },
): Promise<void> {
  const { model, costInUsd, threadId, errorCode } = record;
  const { store } = context.runtime;
  try {
    await ensureTenant(store, context.tenantId);
    await store.recordUsage({
      tenantId: context.tenantId,
      ...(threadId !== undefined && { threadId }),
      model,
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      ...(costInUsd !== undefined && { costInUsd }),
      latencyInMs: record.latencyInMs,
      status: 'error',
      errorCode,
    });
  } catch (recordError) {
    context.log(`exai: could not record the usage of a ${model} call (${errorCode}): ${String(recordError)}`);
  }
}
