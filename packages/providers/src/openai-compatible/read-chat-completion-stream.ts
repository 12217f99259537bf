import {
  AbortedError,
  ExaiError,
  InvalidResponseError,
  StreamError,
  type LanguageModelV1StreamPart,
} from '@exai/core';
import type { ChatCompletionStreamState } from './chat-completion-stream-state.js';
import { getErrorMessage, isRecord } from './map-openai-compatible-response.js';
import { SseParser, type SseEvent } from './sse-parser.js';

/** How one streamed completion ended. */
export type ChatCompletionStreamEnd = { type: 'complete' } | { type: 'error'; error: unknown };

const excerptLength = 200;

/**
 * Reads one streamed chat completion from an SSE body into `state`, yielding text and reasoning
 * deltas as they arrive. Returns how the stream ended instead of throwing: `[DONE]`, or an end
 * after a finish reason, is complete; an error event, malformed JSON, a transport failure or an
 * end without either terminator is an error. Leaving early closes the body (its `return()`);
 * after `[DONE]` the rest of the body is read, so a keep-alive connection is not thrown away.
 */
export async function* readChatCompletionStream({
  body,
  url,
  state,
  abortSignal,
}: {
  body: AsyncIterable<Uint8Array>;
  url: string;
  state: ChatCompletionStreamState;
  abortSignal?: AbortSignal;
}): AsyncGenerator<LanguageModelV1StreamPart, ChatCompletionStreamEnd> {
  const parser = new SseParser();
  const parts: LanguageModelV1StreamPart[] = [];
  let done = false;

  try {
    for await (const chunk of body) {
      // After [DONE], the rest is read (and ignored) so the connection can be reused.
      if (done) continue;
      for (const event of parser.feed(chunk)) {
        const end = handleEvent(event, url, state, parts);
        yield* drain(parts);
        if (end?.type === 'error') return end;
        if (end !== undefined) {
          done = true;
          break;
        }
      }
    }
  } catch (error) {
    if (done) return { type: 'complete' };
    yield* drain(parts);
    return { type: 'error', error: normalizeStreamError(error, abortSignal) };
  }
  if (done) return { type: 'complete' };

  for (const event of parser.end()) {
    const end = handleEvent(event, url, state, parts);
    yield* drain(parts);
    if (end !== undefined) return end;
  }

  if (state.finished) return { type: 'complete' };
  return {
    type: 'error',
    error: new StreamError({
      reason: 'truncated',
      message: `The stream ended before the upstream said it was done (no finish reason, no [DONE]) (${url}).`,
      url,
    }),
  };
}

function* drain(parts: LanguageModelV1StreamPart[]): Generator<LanguageModelV1StreamPart> {
  if (parts.length === 0) return;
  const pending = parts.splice(0, parts.length);
  yield* pending;
}

function handleEvent(
  event: SseEvent,
  url: string,
  state: ChatCompletionStreamState,
  parts: LanguageModelV1StreamPart[],
): ChatCompletionStreamEnd | undefined {
  const data = event.data;
  if (data === '[DONE]') return { type: 'complete' };
  if (data.trim() === '') return undefined;

  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch (cause) {
    return {
      type: 'error',
      error: new InvalidResponseError({
        message: `The upstream sent a malformed JSON event in the stream (${url}): ${(cause as Error).message}`,
        url,
        excerpt: data.length > excerptLength ? `${data.slice(0, excerptLength)}…` : data,
        cause,
      }),
    };
  }

  if (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null) {
    return upstreamError(getErrorMessage(chunk.error), url, chunk.error);
  }
  if (event.event === 'error') return upstreamError(getErrorMessage(chunk), url, chunk);
  if (isRecord(chunk)) state.push(chunk, parts);
  return undefined;
}

function upstreamError(message: string, url: string, cause: unknown): ChatCompletionStreamEnd {
  return {
    type: 'error',
    error: new StreamError({
      reason: 'upstream',
      message: `The upstream stream failed: ${message}`,
      url,
      cause,
    }),
  };
}

/** Keeps typed errors; anything else becomes `AbortedError` (when aborted) or `StreamError`. */
export function normalizeStreamError(error: unknown, abortSignal: AbortSignal | undefined): unknown {
  if (ExaiError.isInstance(error)) return error;
  if (abortSignal?.aborted) return new AbortedError({ cause: error });
  return new StreamError({
    reason: 'truncated',
    message: `The stream failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
