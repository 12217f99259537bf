import { estimateCostInUsd, AbortedError, RecordNotFoundError } from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS } from '../mcp-server/exai-runtime.js';
import { actorOf } from '../audit/record-tool-call.js';
import { ensureTenant } from './ensure-tenant.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { TurnAnswer } from './call-turn-model.js';
import type { FittedPrompt } from './fit-turn-prompt.js';
import { checkThread, threadGoneError } from './load-thread.js';
import type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';
import { withThreadLock } from './thread-lock.js';
import { createRecordId } from '@exai/core/internal';
import { isStoreOutage, reportTurnNotSaved } from './turn-not-saved.js';
import { answerCutOff } from './answer-cut-off.js';

/**
 * Stage 5 of a model turn: the result, and — unless the caller stores the exchange itself — the
 * user turn, the answer, the usage record and the audit event, committed in one transaction
 * (`SessionStoreV1.commitTurn`), so replicas sharing a store never see half a turn. A cancelled
 * call stores nothing. When the store is unavailable at the commit (`isStoreOutage`) the answer is
 * still the result, marked `notSaved`, rather than lost behind the store's error. An answer cut
 * off at the model's output limit is stored as it is and marked `cutOff`.
 */
export async function commitModelTurn(
  context: ToolContext,
  { request, fitted, answered }: { request: ModelTurnRequest; fitted: FittedPrompt; answered: TurnAnswer },
): Promise<ModelTurnResult> {
  const { signal } = context;
  if (signal.aborted) {
    throw AbortedError.of(signal, `The ${request.toolName} call was cancelled by the client.`);
  }
  const { metadata, answer, latencyInMs } = answered;
  const spec = metadata.answeredBy.spec;
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? 0;
  const costInUsd = estimateCostInUsd(
    metadata.answeredBy.info,
    answer.usage ?? { inputTokens, outputTokens },
  );
  // Cut off at the output limit: kept and stored like any answer, and the result says so.
  const cutOff = answerCutOff(answer.finishReason, fitted.answerRoomInTokens);
  const result = (threadId: string, turnCount?: number): ModelTurnResult => ({
    text: answer.text,
    threadId,
    model: spec,
    usage: { inputTokens, outputTokens },
    fallbacks: metadata.fallbacks.map(({ model, code, message }) => ({ model, code, message })),
    omittedTurns: fitted.omittedTurns,
    filesIncluded: fitted.embedded.included,
    filesOmitted: fitted.embedded.omitted,
    latencyInMs,
    costInUsd,
    ...(cutOff !== undefined && { cutOff }),
    ...(turnCount !== undefined && { turnCount }),
  });
  if (request.store === false) return result(request.continuationId ?? '');
  try {
    const stored = await storeTurn(context, { request, fitted, answered, costInUsd });
    return result(stored.threadId, stored.turnCount);
  } catch (error) {
    if (!isStoreOutage(error, signal)) throw error;
    const notSaved = reportTurnNotSaved(context, {
      toolName: request.toolName,
      answeredBy: spec,
      continuationId: request.continuationId,
      error,
    });
    return { ...result(''), notSaved };
  }
}

/** The commit itself: the thread (when new), both turns, the usage record and the audit event. */
async function storeTurn(
  context: ToolContext,
  {
    request,
    fitted,
    answered,
    costInUsd,
  }: { request: ModelTurnRequest; fitted: FittedPrompt; answered: TurnAnswer; costInUsd: number | undefined },
): Promise<{ threadId: string; turnCount: number }> {
  const { runtime, tenantId } = context;
  const { metadata, answer, latencyInMs } = answered;
  const spec = metadata.answeredBy.spec;
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? 0;
  const { store } = runtime;
  const threadTtlInMs = runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS;
  const creatingTenant = ensureTenant(store, tenantId);
  if (creatingTenant !== undefined) await creatingTenant;
  const threadId = request.continuationId ?? createRecordId();
  const images = request.images ?? [];
  const fileMetadata = {
    ...([...(request.files ?? []), ...images].length > 0 ? { files: fitted.embedded.included, images } : {}),
    ...request.turnMetadata,
  };
  // One transaction: both turns (adjacent, whatever runs in parallel on the thread, in any
  // process), the usage record and the audit event — and the thread itself when it is new.
  const commit = () =>
    store.commitTurn({
      tenantId,
      thread: {
        id: threadId,
        ...(request.continuationId === undefined && {
          create: {
            title: (request.title ?? request.prompt).slice(0, 80),
            metadata: { tool: request.toolName, ...request.threadMetadata },
          },
        }),
      },
      idempotencyKey: `${request.toolName}:${createRecordId()}`,
      expiresAt: new Date(Date.now() + threadTtlInMs),
      turns: [
        { role: 'user', content: request.prompt, toolName: request.toolName, metadata: fileMetadata },
        {
          role: 'assistant',
          content: answer.text,
          toolName: request.toolName,
          model: spec,
          metadata: {
            inputTokens,
            outputTokens,
            omittedTurns: fitted.omittedTurns,
            omittedFiles: fitted.embedded.omitted.length,
          },
        },
      ],
      usage: {
        model: spec,
        inputTokens,
        outputTokens,
        ...(costInUsd !== undefined && { costInUsd }),
        latencyInMs,
        status: 'ok',
      },
      audit: {
        actor: context.caller === undefined ? 'mcp' : actorOf(context.caller),
        action: `tool.${request.toolName}`,
        target: threadId,
        detail: {
          model: spec,
          fallbacks: metadata.fallbacks.length,
          inputTokens,
          outputTokens,
          latencyInMs,
          ...(costInUsd !== undefined && { costInUsd }),
          ...(context.caller?.keyId !== undefined && { keyId: context.caller.keyId }),
          ...(context.correlationId !== undefined && { correlationId: context.correlationId }),
        },
      },
    });
  const { continuationId } = request;
  if (continuationId === undefined) {
    const committed = await commit();
    return { threadId, turnCount: committed.thread.turnCount };
  }
  // The turn limit is checked again just before the commit, under the thread's lock, so parallel
  // calls on one thread in this process cannot together pass it.
  let turnCount: number;
  try {
    turnCount = await withThreadLock(tenantId, threadId, async () => {
      await checkThread(context, threadId, { toolName: request.toolName });
      return (await commit()).thread.turnCount;
    });
  } catch (error) {
    // The thread was deleted (or expired and swept) while the model answered.
    if (RecordNotFoundError.isInstance(error)) throw threadGoneError(continuationId, request.toolName);
    throw error;
  }
  return { threadId, turnCount };
}
