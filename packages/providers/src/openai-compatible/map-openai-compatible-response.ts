import {
  InvalidResponseError,
  type LanguageModelV1FinishReason,
  type LanguageModelV1Usage,
} from '@exai/core';
import { describeParseError, redactUpstreamText, type UpstreamSource } from './redact-upstream-text.js';

/** Maps a chat completions `finish_reason` (including GLM's and Kimi's extras). */
export function mapOpenAICompatibleFinishReason(finishReason: unknown): LanguageModelV1FinishReason {
  switch (finishReason) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
    case 'sensitive':
      return 'content-filter';
    case 'network_error':
      return 'error';
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

const emptyUsage: LanguageModelV1Usage = {
  inputTokens: undefined,
  outputTokens: undefined,
  totalTokens: undefined,
};

/** Maps a chat completions `usage` object; missing fields stay `undefined`. */
export function mapOpenAICompatibleUsage(usage: unknown): LanguageModelV1Usage {
  if (!isRecord(usage)) return { ...emptyUsage };
  const completionDetails = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const promptDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const inputTokens = asNumber(usage.prompt_tokens);
  const outputTokens = asNumber(usage.completion_tokens);
  const result: LanguageModelV1Usage = {
    inputTokens,
    outputTokens,
    totalTokens:
      asNumber(usage.total_tokens) ??
      (inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined),
  };
  const reasoningTokens = asNumber(completionDetails.reasoning_tokens);
  if (reasoningTokens !== undefined) result.reasoningTokens = reasoningTokens;
  const cachedInputTokens = asNumber(promptDetails.cached_tokens) ?? asNumber(usage.cached_tokens);
  if (cachedInputTokens !== undefined) result.cachedInputTokens = cachedInputTokens;
  return result;
}

/** Adds two usages, field by field; a field stays `undefined` only if both are. */
export function addUsage(a: LanguageModelV1Usage, b: LanguageModelV1Usage): LanguageModelV1Usage {
  const sum = (x: number | undefined, y: number | undefined) =>
    x === undefined ? y : y === undefined ? x : x + y;
  const result: LanguageModelV1Usage = {
    inputTokens: sum(a.inputTokens, b.inputTokens),
    outputTokens: sum(a.outputTokens, b.outputTokens),
    totalTokens: sum(a.totalTokens, b.totalTokens),
  };
  const reasoningTokens = sum(a.reasoningTokens, b.reasoningTokens);
  if (reasoningTokens !== undefined) result.reasoningTokens = reasoningTokens;
  const cachedInputTokens = sum(a.cachedInputTokens, b.cachedInputTokens);
  if (cachedInputTokens !== undefined) result.cachedInputTokens = cachedInputTokens;
  return result;
}

/** The upstream's error message from an `{"error": …}` payload. */
export function getErrorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return JSON.stringify(error) ?? 'unknown error';
}

const excerptLength = 200;

/**
 * Parses a JSON payload, or throws `InvalidResponseError` carrying the start of it. Pass the
 * response (rather than its URL) so the excerpt is redacted of the request's own credentials.
 */
export function parseJsonResponse(text: string, source: string | UpstreamSource | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const [url, response] = typeof source === 'string' ? [source, undefined] : [source?.url, source];
    const excerpt = text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text;
    const { detail, cause } = describeParseError(response, error);
    throw new InvalidResponseError({
      message: `The upstream sent malformed JSON${url ? ` (${url})` : ''}: ${detail}`,
      url,
      excerpt: redactUpstreamText(response, excerpt),
      cause,
    });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
