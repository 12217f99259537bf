import { RecordNotFoundError, type CommitTurnMessage } from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { checkThread, threadGoneError } from '../../model-turn/load-thread.js';
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
 * Stores one consensus round after every model has answered, in one `commitTurn` (one transaction):
 * the thread when it is new, the user turn, one assistant turn per answer (labelled, in the order
 * the models were given) and the synthesis at consecutive seqs, one usage record per answer and
 * the audit event — all of it or, when the store fails, none. (A model that failed left its usage
 * record when it failed, naming `threadId`.) Returns the thread id.
 */
export async function storeConsensus(
  { runtime, tenantId }: Pick<ToolContext, 'runtime' | 'tenantId'>,
  record: ConsensusRecord,
): Promise<string> {
  const { store } = runtime;
  await ensureTenant(store, tenantId);
  const expiresAt = new Date(Date.now() + (runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS));
  const { threadId, continuationId } = record;
  const files = [...new Set(record.answers.flatMap((answer) => answer.result.filesIncluded))];

  const calls: Array<{ result: ModelTurnResult; content: string; metadata: Record<string, unknown> }> =
    record.answers.map((answer) => ({
      result: answer.result,
      content: `${answerLabel(answer.result.model, answer.stance)}\n${answer.result.text}`,
      metadata: { stance: answer.stance, requested: answer.requested, participant: answer.participant },
    }));
  if (record.synthesis !== undefined) {
    calls.push({
      result: record.synthesis,
      content: `[synthesis by ${record.synthesis.model}]\n${record.synthesis.text}`,
      metadata: { synthesis: true },
    });
  }
  const [first, ...rest] = calls.map(({ result, content, metadata }): CommitTurnMessage => ({
    role: 'assistant',
    content,
    toolName: 'consensus',
    model: result.model,
    metadata: { ...metadata, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
  }));
  if (first === undefined) throw new Error('storeConsensus: a round without answers is not stored');
  const commit = () =>
    store.commitTurn({
      tenantId,
      thread: {
        id: threadId,
        ...(continuationId === undefined && {
          create: { title: record.prompt.slice(0, 80), metadata: { tool: 'consensus' } },
        }),
      },
      idempotencyKey: `consensus:${createRecordId()}`,
      expiresAt,
      turns: [
        {
          role: 'user',
          content: record.prompt,
          toolName: 'consensus',
          metadata: { ...(files.length > 0 && { files }) },
        },
        first,
        ...rest,
      ],
      usage: calls.map(({ result }) => ({
        model: result.model,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        ...(result.costInUsd !== undefined && { costInUsd: result.costInUsd }),
        latencyInMs: result.latencyInMs,
        status: 'ok' as const,
      })),
      audit: {
        actor: 'mcp',
        action: 'tool.consensus',
        target: threadId,
        detail: {
          models: record.answers.map((answer) => answer.result.model),
          failures: record.failures.map((failure) => `${failure.model}: ${failure.code}`),
          ...(record.synthesis !== undefined && { synthesis: record.synthesis.model }),
        },
      },
    });
  if (continuationId === undefined) {
    await commit();
    return threadId;
  }
  // The turn limit is checked again just before the commit, under the thread's lock, so parallel
  // calls on one thread in this process cannot together pass it.
  try {
    await withThreadLock(tenantId, threadId, async () => {
      await checkThread({ runtime, tenantId }, threadId, {
        toolName: 'consensus',
        turnsToAdd: 1 + calls.length,
      });
      await commit();
    });
  } catch (error) {
    // The thread was deleted (or expired and swept) while the models answered.
    if (RecordNotFoundError.isInstance(error)) throw threadGoneError(continuationId, 'consensus');
    throw error;
  }
  return threadId;
}
