import {
  AbortedError,
  ExaiError,
  InvalidResponseError,
  StreamError,
  type LanguageModelV1StreamPart,
} from '@exai/core';
import type { ChatCompletionStreamState } from './chat-completion-stream-state.js';
import { getErrorMessage, isRecord } from './map-openai-compatible-response.js';
import {
  describeParseError,
  redactUpstreamText,
  redactUpstreamValue,
  type UpstreamSource,
} from './redact-upstream-text.js';
import { SseParser, type SseEvent } from './sse-parser.js';

/** How one streamed completion ended. */
export type ChatCompletionStreamEnd = { type: 'complete' } | { type: 'error'; error: unknown };

const excerptLength = 200;

/** After `[DONE]`, at most this much of the rest of the body is read before the connection is closed… */
export const maxBytesAfterDone = 16 * 1024;
/** …and for at most this long: an upstream that keeps the connection open (`: ping`) is cut off. */
export const maxDrainAfterDoneInMs = 250;

/**
 * Reads one streamed chat completion from an SSE body into `state`, yielding text and reasoning
 * deltas as they arrive. Returns how the stream ended instead of throwing: `[DONE]`, or an end
 * after a finish reason, is complete; an error event, malformed JSON, a transport failure or an
 * end without either terminator is an error. `[DONE]` ends the completion at once; the rest of the
 * body is drained in the background (capped in size and time, so the keep-alive connection can
 * usually be reused). Leaving early, or ending on an error, closes the body.
 */
export async function* readChatCompletionStream({
  body,
  source,
  state,
  abortSignal,
}: {
  body: AsyncIterator<Uint8Array>;
  /** The response the body belongs to: its safe URL and credential redactor. */
  source: UpstreamSource;
  state: ChatCompletionStreamState;
  abortSignal?: AbortSignal;
}): AsyncGenerator<LanguageModelV1StreamPart, ChatCompletionStreamEnd> {
  const parser = new SseParser();
  const parts: LanguageModelV1StreamPart[] = [];
  let bodyOpen = true;

  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await body.next();
      } catch (error) {
        bodyOpen = false;
        return { type: 'error', error: normalizeStreamError(error, abortSignal) };
      }
      if (next.done === true) {
        bodyOpen = false;
        break;
      }
      for (const event of parser.feed(next.value)) {
        const end = handleEvent(event, source, state, parts);
        yield* drain(parts);
        if (end === undefined) continue;
        if (end.type === 'complete') {
          bodyOpen = false;
          void drainAfterDone(body);
        }
        return end;
      }
    }
  } finally {
    // The consumer left early, or the stream failed: close the connection.
    if (bodyOpen) await closeQuietly(body);
  }

  for (const event of parser.end()) {
    const end = handleEvent(event, source, state, parts);
    yield* drain(parts);
    if (end !== undefined) return end;
  }

  if (state.finished) return { type: 'complete' };
  const { url } = source;
  return {
    type: 'error',
    error: new StreamError({
      reason: 'truncated',
      message: `The stream ended before the upstream said it was done (no finish reason, no [DONE]) (${url}).`,
      url,
    }),
  };
}

/**
 * Reads what follows `[DONE]` (usually nothing but the end of the body) so the connection goes back
 * to the pool, but never more than `maxBytesAfterDone` or longer than `maxDrainAfterDoneInMs`: past
 * either, the body is closed, which closes the connection.
 */
async function drainAfterDone(body: AsyncIterator<Uint8Array>): Promise<void> {
  const timer = setTimeout(closeQuietly, maxDrainAfterDoneInMs, body);
  timer.unref();
  try {
    let bytes = 0;
    for (;;) {
      const next = await body.next();
      if (next.done === true) return;
      bytes += next.value.byteLength;
      if (bytes > maxBytesAfterDone) return await closeQuietly(body);
    }
  } catch {
    // Closed by the timer, or failed after [DONE]: the completion is whole either way.
  } finally {
    clearTimeout(timer);
  }
}

async function closeQuietly(body: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    await body.return?.();
  } catch {
    // Closing is best effort.
  }
}

function* drain(parts: LanguageModelV1StreamPart[]): Generator<LanguageModelV1StreamPart> {
  if (parts.length === 0) return;
  const pending = parts.splice(0, parts.length);
  yield* pending;
}

function handleEvent(
  event: SseEvent,
  source: UpstreamSource,
  state: ChatCompletionStreamState,
  parts: LanguageModelV1StreamPart[],
): ChatCompletionStreamEnd | undefined {
  const data = event.data;
  if (data === '[DONE]') return { type: 'complete' };
  if (data.trim() === '') return undefined;

  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch (error) {
    const { url } = source;
    const { detail, cause } = describeParseError(source, error);
    const excerpt = data.length > excerptLength ? `${data.slice(0, excerptLength)}…` : data;
    return {
      type: 'error',
      error: new InvalidResponseError({
        message: `The upstream sent a malformed JSON event in the stream (${url}): ${detail}`,
        url,
        excerpt: redactUpstreamText(source, excerpt),
        cause,
      }),
    };
  }

  if (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null) {
    return upstreamError(getErrorMessage(chunk.error), source, chunk.error);
  }
  if (event.event === 'error') return upstreamError(getErrorMessage(chunk), source, chunk);
  if (isRecord(chunk)) state.push(chunk, parts);
  return undefined;
}

function upstreamError(message: string, source: UpstreamSource, cause: unknown): ChatCompletionStreamEnd {
  return {
    type: 'error',
    error: new StreamError({
      reason: 'upstream',
      message: `The upstream stream failed: ${redactUpstreamText(source, message)}`,
      url: source.url,
      cause: redactUpstreamValue(source, cause),
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
