import type {
  LanguageModelV1CallOptions,
  LanguageModelV1Prompt,
  ModelCallPlan,
  RegistryCallMetadata,
} from '@exai/core';
import { streamAnswer, type StreamedAnswer } from './stream-answer.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { ModelTurnRequest } from './model-turn-request.js';
import { startProgressHeartbeat } from './progress-heartbeat.js';

export interface TurnAnswer {
  metadata: RegistryCallMetadata;
  answer: StreamedAnswer;
  /** From sending the request to the end of the answer. */
  latencyInMs: number;
}

/**
 * Stage 4 of a model turn: calls the planned model (and its fallbacks). It streams when the
 * client asked for progress, and reports progress from the start of the call to its end, so the
 * client hears from the server while a slow model thinks; otherwise it
 * makes one plain request, which costs less and answers the same.
 */
export async function callTurnModel(
  context: ToolContext,
  {
    request,
    plan,
    messages,
  }: { request: ModelTurnRequest; plan: ModelCallPlan; messages: LanguageModelV1Prompt },
): Promise<TurnAnswer> {
  const { registry } = context.runtime;
  const options: LanguageModelV1CallOptions = { prompt: messages, abortSignal: context.signal };
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.thinking) {
    options.thinking = { enabled: true, ...(request.thinking !== true && { level: request.thinking }) };
  }
  if (request.webSearch) options.webSearch = true;

  const startedAt = performance.now();
  const latency = () => Math.round(performance.now() - startedAt);
  if (context.progressRequested === false) {
    const metadata = await registry.generate(plan, options);
    return { metadata, answer: { text: metadata.text, usage: metadata.usage }, latencyInMs: latency() };
  }
  // From now until the answer ends, whether the request waits for a connection, a slot, the
  // model's first token or the rest of the answer.
  const heartbeat = startProgressHeartbeat(context, {
    message: `${plan.primary.spec} waiting for the first token, 0 tokens`,
    intervalInMs: context.runtime.limits?.progressIntervalInMs,
  });
  try {
    const metadata = await registry.stream(plan, options);
    const answer = await streamAnswer({ stream: metadata.stream, spec: metadata.answeredBy.spec, heartbeat });
    return { metadata, answer, latencyInMs: latency() };
  } finally {
    heartbeat.stop();
  }
}
