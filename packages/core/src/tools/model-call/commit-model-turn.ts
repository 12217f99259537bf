import { randomUUID } from 'node:crypto';
import { estimateCostInUsd } from '../../catalogue/estimate-cost-in-usd.js';
import { AbortedError } from '../../errors/aborted-error.js';
import { DEFAULT_THREAD_TTL_IN_MS } from '../../server/exai-runtime.js';
import { ensureTenant } from '../chat/ensure-tenant.js';
import type { ToolContext } from '../tool-context.js';
import type { TurnAnswer } from './call-turn-model.js';
import type { FittedPrompt } from './fit-turn-prompt.js';
import { checkThread } from './load-thread.js';
import type { ModelTurnRequest, ModelTurnResult } from './model-turn-request.js';
import { withThreadLock } from './thread-lock.js';

/**
 * Stage 5 of a model turn: the result, and — unless the caller stores the exchange itself — the
 * user turn, the answer, the usage record and the audit event. A cancelled call stores nothing.
 */
export async function commitModelTurn(
  context: ToolContext,
  { request, fitted, answered }: { request: ModelTurnRequest; fitted: FittedPrompt; answered: TurnAnswer },
): Promise<ModelTurnResult> {
  const { runtime, tenantId, signal } = context;
  if (signal.aborted) {
    throw new AbortedError({ message: `The ${request.toolName} call was cancelled by the client.` });
  }
  const { metadata, answer, latencyInMs } = answered;
  const spec = metadata.answeredBy.spec;
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? 0;
  const costInUsd = estimateCostInUsd(
    metadata.answeredBy.info,
    answer.usage ?? { inputTokens, outputTokens },
  );
  const result = (threadId: string): ModelTurnResult => ({
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
  });
  if (request.store === false) return result(request.continuationId ?? '');

  const { store } = runtime;
  const threadTtlInMs = runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS;
  await ensureTenant(store, tenantId);
  const expiresAt = new Date(Date.now() + threadTtlInMs);
  const threadId =
    request.continuationId ??
    (
      await store.createThread({
        tenantId,
        title: (request.title ?? request.prompt).slice(0, 80),
        expiresAt,
        metadata: { tool: request.toolName, ...request.threadMetadata },
      })
    ).id;
  const callId = randomUUID();
  const images = request.images ?? [];
  const fileMetadata =
    [...(request.files ?? []), ...images].length > 0 ? { files: fitted.embedded.included, images } : {};
  // The two turns go in together: a parallel call on the same thread must not come between them.
  await withThreadLock(tenantId, threadId, async () => {
    if (request.continuationId !== undefined) {
      await checkThread(context, threadId, { toolName: request.toolName });
    }
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: request.prompt,
      toolName: request.toolName,
      idempotencyKey: `${request.toolName}:${callId}:user`,
      expiresAt,
      metadata: fileMetadata,
    });
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'assistant',
      content: answer.text,
      toolName: request.toolName,
      model: spec,
      idempotencyKey: `${request.toolName}:${callId}:assistant`,
      expiresAt,
      metadata: {
        inputTokens,
        outputTokens,
        omittedTurns: fitted.omittedTurns,
        omittedFiles: fitted.embedded.omitted.length,
      },
    });
  });
  await store.recordUsage({
    tenantId,
    threadId,
    model: spec,
    inputTokens,
    outputTokens,
    ...(costInUsd !== undefined && { costInUsd }),
    latencyInMs,
    status: 'ok',
  });
  await store.appendAudit({
    tenantId,
    actor: 'mcp',
    action: `tool.${request.toolName}`,
    target: threadId,
    detail: { model: spec, fallbacks: metadata.fallbacks.length, inputTokens, outputTokens, latencyInMs },
  });
  return result(threadId);
}
