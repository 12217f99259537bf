import { InvalidResponseError, type LanguageModelV1Usage } from '@exai/core';
import {
  asNumber,
  asString,
  getErrorMessage,
  isRecord,
  mapOpenAICompatibleUsage,
} from './map-openai-compatible-response.js';
import { redactUpstreamText, type UpstreamSource } from './redact-upstream-text.js';

/** A tool call as the upstream sent it, `type` kept (Kimi's builtin tools need it echoed). */
export interface RawToolCall {
  id: string;
  type: string;
  name: string;
  arguments: string;
}

/** One chat completion, read from a JSON response or assembled from a stream. */
export interface ChatCompletion {
  id: string | undefined;
  modelId: string | undefined;
  timestamp: Date | undefined;
  text: string;
  reasoning: string | undefined;
  toolCalls: RawToolCall[];
  finishReason: unknown;
  usage: LanguageModelV1Usage;
}

let generatedIds = 0;

/** An id for a tool call the upstream sent without one. */
export function generateToolCallId(): string {
  generatedIds = (generatedIds + 1) % Number.MAX_SAFE_INTEGER;
  return `call_exai_${Date.now().toString(36)}_${generatedIds}`;
}

/**
 * Reads a parsed chat completions JSON response. Upstream text quoted in an error (an error
 * object's message, an excerpt) is redacted with the response's own credentials first.
 */
export function parseChatCompletion(json: unknown, source: UpstreamSource): ChatCompletion {
  const { url } = source;
  if (!isRecord(json)) {
    throw new InvalidResponseError({ message: `The upstream answered with no JSON object (${url}).`, url });
  }
  if (json.error !== undefined && json.error !== null && !Array.isArray(json.choices)) {
    const detail = redactUpstreamText(source, getErrorMessage(json.error));
    throw new InvalidResponseError({
      message: `The upstream answered with an error: ${detail}`,
      url,
      excerpt: redactUpstreamText(source, JSON.stringify(json.error).slice(0, 200)),
    });
  }
  if (!Array.isArray(json.choices)) {
    throw new InvalidResponseError({
      message: `The upstream response has no choices array (${url}).`,
      url,
      excerpt: redactUpstreamText(source, JSON.stringify(json).slice(0, 200)),
    });
  }

  const choice: unknown = json.choices[0];
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  const created = asNumber(json.created);

  return {
    id: asString(json.id),
    modelId: asString(json.model),
    timestamp: created === undefined ? undefined : new Date(created * 1000),
    text: asString(message.content) ?? '',
    reasoning: reasoning === '' ? undefined : reasoning,
    toolCalls: Array.isArray(message.tool_calls) ? message.tool_calls.flatMap(parseToolCall) : [],
    finishReason: isRecord(choice) ? choice.finish_reason : undefined,
    usage: mapOpenAICompatibleUsage(json.usage ?? (isRecord(choice) ? choice.usage : undefined)),
  };
}

function parseToolCall(toolCall: unknown): RawToolCall[] {
  if (!isRecord(toolCall)) return [];
  const fn = isRecord(toolCall.function) ? toolCall.function : {};
  const name = asString(fn.name);
  if (name === undefined) return [];
  const args = fn.arguments;
  return [
    {
      id: asString(toolCall.id) || generateToolCallId(),
      type: asString(toolCall.type) ?? 'function',
      name,
      arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
    },
  ];
}
