import { DEFAULT_THREAD_TTL_IN_MS } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { checkThread } from '../../model-turn/load-thread.js';
import type { ModelTurnResult } from '../../model-turn/run-model-turn.js';
import { withThreadLock } from '../../model-turn/thread-lock.js';
import type { ToolContext } from '../tool-context.js';
import type { ConsensusStance } from './consensus-prompts.js';
import { createRecordId } from '@exai/core/internal';

export interface ConsensusAnswer {
  requested: string;
  stance: ConsensusStance;
  /** `provider:model/stance` of the entry that asked (see consensusParticipants). */
  participant: string;
  result: ModelTurnResult;
}

/** A model of the round that did not answer (its usage record, if it was asked, is written by `runModelTurn`). */
export interface ConsensusFailure {
  /** The model as the caller named it, e.g. `kimi-k2` or `glm (synthesis)`. */
  model: string;
  code: string;
  message: string;
}

export interface ConsensusRecord {
  /** The round's thread: `continuationId`, or the id a new thread is created with. */
  threadId: string;
  prompt: string;
  continuationId: string | undefined;
  answers: readonly ConsensusAnswer[];
  failures: readonly ConsensusFailure[];
  synthesis: ModelTurnResult | undefined;
}

/** The label an answer carries in the thread, so a later call can tell the models' answers apart. */
export function answerLabel(model: string, stance: ConsensusStance): string {
  return `[${model}, stance: ${stance}]`;
}

/**
 * Stores one consensus round after every model has answered: the user turn, one assistant turn
 * per answer (labelled, in the order the models were given), the synthesis, one usage record per
 * answer and an audit event. (A model that failed left its usage record when it failed, naming
 * `threadId`.) Returns the thread id.
 */
export async function storeConsensus(
  { runtime, tenantId }: Pick<ToolContext, 'runtime' | 'tenantId'>,
  record: ConsensusRecord,
): Promise<string> {
  const { store } = runtime;
  await ensureTenant(store, tenantId);
  const expiresAt = new Date(Date.now() + (runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS));
  const { threadId } = record;
  if (record.continuationId === undefined) {
    await store.createThread({
      tenantId,
      id: threadId,
      title: record.prompt.slice(0, 80),
      expiresAt,
      metadata: { tool: 'consensus' },
    });
  }
  const callId = createRecordId();
  const key = (part: string) => `consensus:${callId}:${part}`;
  const files = [...new Set(record.answers.flatMap((answer) => answer.result.filesIncluded))];

  const calls: Array<{
    result: ModelTurnResult;
    content: string;
    metadata: Record<string, unknown>;
    part: string;
  }> = record.answers.map((answer, index) => ({
    result: answer.result,
    content: `${answerLabel(answer.result.model, answer.stance)}\n${answer.result.text}`,
    metadata: { stance: answer.stance, requested: answer.requested, participant: answer.participant },
    part: `answer:${index}`,
  }));
  if (record.synthesis !== undefined) {
    calls.push({
      result: record.synthesis,
      content: `[synthesis by ${record.synthesis.model}]\n${record.synthesis.text}`,
      metadata: { synthesis: true },
      part: 'synthesis',
    });
  }
  // The round goes in as one block: a parallel call on the same thread must not come between its turns.
  await withThreadLock(tenantId, threadId, async () => {
    if (record.continuationId !== undefined) {
      await checkThread({ runtime, tenantId }, threadId, {
        toolName: 'consensus',
        turnsToAdd: 1 + calls.length,
      });
    }
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: record.prompt,
      toolName: 'consensus',
      idempotencyKey: key('user'),
      expiresAt,
      metadata: { ...(files.length > 0 && { files }) },
    });
    for (const call of calls) {
      const { inputTokens, outputTokens } = call.result.usage;
      await store.appendTurn({
        tenantId,
        threadId,
        role: 'assistant',
        content: call.content,
        toolName: 'consensus',
        model: call.result.model,
        idempotencyKey: key(call.part),
        expiresAt,
        metadata: { ...call.metadata, inputTokens, outputTokens },
      });
    }
  });
  for (const call of calls) {
    const { inputTokens, outputTokens } = call.result.usage;
    await store.recordUsage({
      tenantId,
      threadId,
      model: call.result.model,
      inputTokens,
      outputTokens,
      ...(call.result.costInUsd !== undefined && { costInUsd: call.result.costInUsd }),
      latencyInMs: call.result.latencyInMs,
      status: 'ok',
    });
  }
  await store.appendAudit({
    tenantId,
    actor: 'mcp',
    action: 'tool.consensus',
    target: threadId,
    detail: {
      models: record.answers.map((answer) => answer.result.model),
      failures: record.failures.map((failure) => `${failure.model}: ${failure.code}`),
      ...(record.synthesis !== undefined && { synthesis: record.synthesis.model }),
    },
  });
  return threadId;
}
