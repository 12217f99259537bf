import type { Span, Tracer } from '@opentelemetry/api';
import type { LanguageModelV1 } from '../language-model/v1/language-model-v1.js';
import type { LanguageModelV1GenerateResult } from '../language-model/v1/language-model-v1-result.js';
import type {
  LanguageModelV1StreamPart,
  LanguageModelV1StreamResult,
} from '../language-model/v1/language-model-v1-stream-part.js';
import { recordSpanError } from './exai-tracer.js';
import { openTelemetryApi } from './otel-api.js';

type Part = LanguageModelV1StreamPart;

function recordResponse(span: Span, result: Partial<LanguageModelV1GenerateResult>): void {
  const { response, usage, finishReason } = result;
  if (response?.modelId !== undefined) span.setAttribute('gen_ai.response.model', response.modelId);
  if (response?.id !== undefined) span.setAttribute('gen_ai.response.id', response.id);
  if (usage?.inputTokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.inputTokens);
  if (usage?.outputTokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', usage.outputTokens);
  if (finishReason !== undefined) span.setAttribute('gen_ai.response.finish_reasons', [finishReason]);
}

/** Watches a stream's parts for the span, and ends it when the stream ends, fails or is dropped. */
function observeStream(span: Span, stream: AsyncIterable<Part>): AsyncIterable<Part> {
  let ended = false;
  const end = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    if (error !== undefined) recordSpanError(span, error);
    span.end();
  };
  const watch = (next: IteratorResult<Part>): IteratorResult<Part> => {
    if (next.done === true) end();
    else if (next.value.type === 'response-metadata') recordResponse(span, { response: next.value });
    else if (next.value.type === 'finish') recordResponse(span, next.value);
    else if (next.value.type === 'error') end(next.value.error);
    return next;
  };
  return {
    [Symbol.asyncIterator]() {
      const iterator = stream[Symbol.asyncIterator]();
      return {
        next: () =>
          iterator.next().then(watch, (error: unknown) => {
            end(error);
            throw error;
          }),
        return: async (value?: unknown) => {
          end();
          return (await iterator.return?.(value)) ?? { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}

/**
 * Runs one provider attempt of a call (one model of a fallback chain, with the transport's
 * retries inside it) in an OpenTelemetry client span `chat <model>`, with the GenAI semantic
 * attributes: provider, requested and answering model, token usage, finish reason; the transport
 * adds `http.response.status_code` and `http.request.resend_count`; a failure sets `error.type`.
 * A streamed result's span ends with its stream.
 */
export async function traceModelAttempt<Result extends object>(
  tracer: Tracer,
  model: LanguageModelV1,
  call: () => Promise<Result>,
): Promise<Result> {
  const attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': model.provider,
    'gen_ai.system': model.provider,
    'gen_ai.request.model': model.modelId,
  };
  const { context, SpanKind, trace } = openTelemetryApi();
  const span = tracer.startSpan(`chat ${model.modelId}`, { kind: SpanKind.CLIENT, attributes });
  let result: Result;
  try {
    result = await context.with(trace.setSpan(context.active(), span), call);
  } catch (error) {
    recordSpanError(span, error);
    span.end();
    throw error;
  }
  if ('stream' in result) {
    const streamed = result as Result & LanguageModelV1StreamResult;
    return { ...streamed, stream: observeStream(span, streamed.stream) };
  }
  recordResponse(span, result as Partial<LanguageModelV1GenerateResult>);
  span.end();
  return result;
}
