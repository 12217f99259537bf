import type { LanguageModelV1StreamPart, TransportStreamResponse } from '@exai/core';
import { parseJsonResponse } from './map-openai-compatible-response.js';
import { type ChatCompletion, parseChatCompletion } from './parse-chat-completion.js';

/** One round of a streamed call: the response, its body, and the completion when it came as JSON. */
export interface ChatRound {
  response: TransportStreamResponse;
  body: AsyncIterator<Uint8Array>;
  /** Set when the upstream answered the streamed request with plain JSON instead of SSE. */
  completion: ChatCompletion | undefined;
}

/** Whether a response is JSON rather than `text/event-stream`. */
export function isJsonResponse(response: TransportStreamResponse): boolean {
  const contentType = response.headers['content-type'];
  return contentType !== undefined && /\bjson\b/i.test(contentType) && !contentType.includes('event-stream');
}

/**
 * Opens a round from a streamed response. Some upstreams answer a streamed request with plain JSON
 * (an error object with status 200, or a whole completion): that body is read here, so an error
 * rejects with the upstream's message (an `InvalidResponseError`, also counted by the circuit
 * breaker) instead of surfacing later as a truncated stream, and a completion is replayed as parts.
 */
export async function openChatRound(response: TransportStreamResponse): Promise<ChatRound> {
  const body = response.body[Symbol.asyncIterator]();
  if (!isJsonResponse(response)) return { response, body, completion: undefined };
  const text = await readText(body);
  try {
    return { response, body, completion: parseChatCompletion(parseJsonResponse(text, response), response) };
  } catch (error) {
    response.reportFailure?.(error);
    throw error;
  }
}

async function readText(body: AsyncIterator<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  try {
    for (;;) {
      const next = await body.next();
      if (next.done === true) return text + decoder.decode();
      text += decoder.decode(next.value, { stream: true });
    }
  } catch (error) {
    await body.return?.();
    throw error;
  }
}

/** The parts a streamed answer would have had for a completion that came whole. */
export function* completionParts(
  completion: ChatCompletion,
  emitMetadata: boolean,
): Generator<LanguageModelV1StreamPart> {
  if (emitMetadata) {
    const { id, modelId, timestamp } = completion;
    yield {
      type: 'response-metadata',
      ...(id === undefined ? {} : { id }),
      ...(modelId === undefined ? {} : { modelId }),
      ...(timestamp === undefined ? {} : { timestamp }),
    };
  }
  if (completion.reasoning) yield { type: 'reasoning-delta', delta: completion.reasoning };
  if (completion.text) yield { type: 'text-delta', delta: completion.text };
}
