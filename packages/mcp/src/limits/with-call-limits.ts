import { estimateCostInUsd, type LanguageModelV1Prompt, type ModelCallPlan } from '@exai/core';
import { addToMeter } from '../audit/tool-call-meter.js';
import { estimateTokens } from '../model-turn/build-conversation.js';
import type { TurnAnswer } from '../model-turn/call-turn-model.js';
import type { ToolContext } from '../tools/tool-context.js';

/**
 * The answer tokens a call is expected to take, reserved with its prompt: the answer room the
 * prompt was fitted with, but at most this many (most answers are far shorter than the room, and
 * the reservation is reconciled with the real count when the call ends).
 */
export const EXPECTED_ANSWER_TOKENS = 4_096;

/** Prompt tokens (text parts) plus the expected answer. */
export function estimateCallTokens(messages: LanguageModelV1Prompt, answerRoomInTokens: number): number {
  let promptTokens = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') promptTokens += estimateTokens(message.content);
    else
      for (const part of message.content) if (part.type === 'text') promptTokens += estimateTokens(part.text);
  }
  return promptTokens + Math.min(answerRoomInTokens, EXPECTED_ANSWER_TOKENS);
}

/**
 * Makes one model call inside the runtime's tenant limits (`runtime.callLimits`), when it has any:
 * reserve the estimate (refused calls never reach the provider), call, then settle with the tokens
 * and cost the provider reported — or nothing used when the call failed. The call's usage is added
 * to the tool call's meter for its audit record either way.
 */
export async function withCallLimits(
  context: ToolContext,
  {
    toolName,
    plan,
    messages,
    answerRoomInTokens,
  }: { toolName: string; plan: ModelCallPlan; messages: LanguageModelV1Prompt; answerRoomInTokens: number },
  call: () => Promise<TurnAnswer>,
): Promise<TurnAnswer> {
  const limits = context.runtime.callLimits;
  if (limits === undefined) return record(context, await call()).answered;
  const estimatedTokens = estimateCallTokens(messages, answerRoomInTokens);
  const answerTokens = Math.min(answerRoomInTokens, EXPECTED_ANSWER_TOKENS);
  const reservation = await limits.admit({
    caller: context.caller ?? { tenantId: context.tenantId },
    tool: toolName,
    model: plan.primary.spec,
    estimatedTokens,
    estimatedCostInUsd: estimateCostInUsd(plan.primary.info, {
      inputTokens: estimatedTokens - answerTokens,
      outputTokens: answerTokens,
    }),
    signal: context.signal,
  });
  let answered: TurnAnswer;
  try {
    answered = await call();
  } catch (error) {
    await reservation.settle({ tokens: 0, outcome: context.signal.aborted ? 'cancelled' : 'error' });
    throw error;
  }
  const { tokens, costInUsd } = record(context, answered);
  await reservation.settle({ tokens, costInUsd, outcome: 'ok' });
  return answered;
}

/** Adds the answer's usage to the tool call's meter. */
function record(
  context: ToolContext,
  answered: TurnAnswer,
): { answered: TurnAnswer; tokens: number; costInUsd: number | undefined } {
  const { metadata, answer } = answered;
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? 0;
  const costInUsd = estimateCostInUsd(
    metadata.answeredBy.info,
    answer.usage ?? { inputTokens, outputTokens },
  );
  addToMeter(context.meter, { model: metadata.answeredBy.spec, inputTokens, outputTokens, costInUsd });
  return { answered, tokens: inputTokens + outputTokens, costInUsd };
}
