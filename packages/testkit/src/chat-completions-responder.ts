import { buildChatCompletionChunks } from './chat-completion-chunks.js';
import { buildChatCompletion, resolveReply } from './chat-completion.js';
import type { FakeReply, FakeResponseScript, RecordedRequest } from './fake-upstream-types.js';
import { isWebSearchBuiltinPending, webSearchBuiltinReply } from './kimi-web-search-builtin.js';
import { errorResponse, jsonResponse, type OutgoingResponse } from './outgoing-response.js';

export interface ChatCompletionsRequestOptions {
  request: RecordedRequest;
  script: FakeResponseScript | undefined;
  defaultReply: FakeReply | undefined;
}

/** Whether a request body asks for a streamed answer. */
export function wantsStream(request: RecordedRequest): boolean {
  const { body } = request;
  return typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
}

/**
 * Answers `POST …/chat/completions` as JSON or SSE (by the body's `stream` flag). The reply is the
 * script's `reply` over the server's default; without a scripted reply, a request offering Kimi's
 * `$web_search` builtin first gets the builtin's tool call.
 */
export function respondToChatCompletions({
  request,
  script,
  defaultReply,
}: ChatCompletionsRequestOptions): OutgoingResponse {
  const { body } = request;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return errorResponse(400, 'fake upstream: the request body must be a JSON object');
  }
  const { model, messages } = body as { model?: unknown; messages?: unknown };
  if (typeof model !== 'string' || model === '') {
    return errorResponse(400, 'fake upstream: you must provide a model parameter');
  }
  if (!Array.isArray(messages)) {
    return errorResponse(400, 'fake upstream: messages must be an array');
  }

  const builtin =
    script?.reply === undefined && isWebSearchBuiltinPending(body as Record<string, unknown>)
      ? webSearchBuiltinReply
      : undefined;
  const reply = resolveReply(
    { ...defaultReply, ...(builtin ?? script?.reply) },
    { requestModel: model, promptSize: request.rawBody.length },
  );

  if (wantsStream(request)) {
    return { kind: 'sse', status: 200, events: buildChatCompletionChunks(reply) };
  }
  return jsonResponse(200, buildChatCompletion(reply));
}
