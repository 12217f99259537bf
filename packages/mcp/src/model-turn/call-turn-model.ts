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
import { reportModelCall } from './model-call-telemetry.js';
import { answerTooLarge, cutToBytes, maxAnswerBytesOf } from './answer-size-cap.js';
import type { ModelCallAttempt } from './model-call-attempt.js';
import { emptyAnswerError } from './empty-answer.js';

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
 * makes one plain request, which costs less and answers the same. An answer past the runtime's
 * `maxAnswerBytes` fails with `answer_too_large`, the part received kept as a paged result; an
 * answer without text (`emptyAnswerError`) fails with `empty_answer`. Neither is retried.
 * `attempt` follows the call (when it started, which model it is with, the tokens reported), for
 * the usage record of a call that fails.
 */
export async function callTurnModel(
  context: ToolContext,
  {
    request,
    plan,
    messages,
    maxOutputTokens,
    attempt = {},
  }: {
    request: ModelTurnRequest;
    plan: ModelCallPlan;
    messages: LanguageModelV1Prompt;
    /** The answer room the prompt was fitted with, sent as `max_tokens`. */
    maxOutputTokens: number;
    attempt?: ModelCallAttempt;
  },
): Promise<TurnAnswer> {
  const { registry } = context.runtime;
  const options: LanguageModelV1CallOptions = {
    prompt: messages,
    maxOutputTokens,
    abortSignal: context.signal,
    telemetry: { tenantId: context.tenantId },
  };
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.thinking) {
    options.thinking = { enabled: true, ...(request.thinking !== true && { level: request.thinking }) };
  }
  if (request.webSearch) options.webSearch = true;

  const startedAt = performance.now();
  attempt.startedAt = startedAt;
  attempt.model = plan.primary;
  const latency = () => Math.round(performance.now() - startedAt);
  const maxAnswerBytes = maxAnswerBytesOf(context);
  const overCap = (partial: string) =>
    answerTooLarge(context, {
      toolName: request.toolName,
      partial,
      maxBytes: maxAnswerBytes,
      threadId: request.continuationId,
    });
  const { signal, tenantId } = context;
  let catalogued = plan.primary.info !== undefined;
  if (context.progressRequested === false) {
    let metadata;
    try {
      metadata = await registry.generate(plan, options);
    } catch (error) {
      reportModelCall({ spec: plan.primary.spec, catalogued, startedAt, error, signal, tenantId });
      throw error;
    }
    const answer: StreamedAnswer = {
      text: metadata.text,
      usage: metadata.usage,
      finishReason: metadata.finishReason,
      ...(metadata.reasoning !== undefined && metadata.reasoning !== '' && { reasoned: true }),
      ...(metadata.toolCalls.length > 0 && { toolNames: metadata.toolCalls.map((call) => call.toolName) }),
    };
    const empty = emptyAnswerError(answer, {
      spec: metadata.answeredBy.spec,
      outputLimitInTokens: maxOutputTokens,
    });
    reportModelCall({
      spec: metadata.answeredBy.spec,
      catalogued: metadata.answeredBy.info !== undefined,
      startedAt,
      usage: metadata.usage,
      ...(empty !== undefined && { error: empty }),
      tenantId,
    });
    attempt.model = metadata.answeredBy;
    attempt.usage = metadata.usage;
    if (empty !== undefined) throw empty;
    // A plain request's answer arrives whole; the cap still bounds what is returned and kept.
    if (Buffer.byteLength(metadata.text, 'utf8') > maxAnswerBytes) {
      throw await overCap(cutToBytes(metadata.text, maxAnswerBytes));
    }
    attempt.answered = true;
    return { metadata, answer, latencyInMs: latency() };
  }
  // From now until the answer ends, whether the request waits for a connection, a slot, the
  // model's first token or the rest of the answer.
  const waiting = `${plan.primary.spec} waiting for the first token, 0 tokens`;
  const heartbeat = startProgressHeartbeat(context, {
    message: waiting,
    intervalInMs: context.runtime.limits?.progressIntervalInMs,
  });
  // A provider at its concurrency limit queues the request: say so rather than seem to hang.
  options.onQueue = (event) => {
    if (event.type === 'queued') {
      heartbeat.set({
        message:
          `${plan.primary.spec} queued for a ${event.provider} slot (position ${event.position}, ` +
          `${event.maxConcurrent} in flight)`,
      });
      heartbeat.beat();
    } else {
      heartbeat.set({ message: waiting });
    }
  };
  let spec = plan.primary.spec;
  // Once the answer is read the call is reported, with its tokens: what fails after that (the
  // size cap, an empty answer) is not reported a second time.
  let reported = false;
  try {
    const metadata = await registry.stream(plan, options);
    spec = metadata.answeredBy.spec;
    catalogued = metadata.answeredBy.info !== undefined;
    attempt.model = metadata.answeredBy;
    const answer = await streamAnswer({ stream: metadata.stream, spec, heartbeat, maxAnswerBytes });
    const { firstTokenAt, usage } = answer;
    attempt.usage = usage;
    const empty = answer.overCap
      ? undefined
      : emptyAnswerError(answer, { spec, outputLimitInTokens: maxOutputTokens });
    reportModelCall({
      spec,
      catalogued,
      startedAt,
      firstTokenAt,
      usage,
      ...(empty !== undefined && { error: empty }),
      tenantId,
    });
    reported = true;
    if (answer.overCap) throw await overCap(answer.text);
    if (empty !== undefined) throw empty;
    attempt.answered = true;
    return { metadata, answer, latencyInMs: latency() };
  } catch (error) {
    if (!reported) reportModelCall({ spec, catalogued, startedAt, error, signal, tenantId });
    throw error;
  } finally {
    heartbeat.stop();
  }
}
