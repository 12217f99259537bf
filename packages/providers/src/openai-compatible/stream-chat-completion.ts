import type { LanguageModelV1StreamPart, LanguageModelV1Usage, TransportStreamResponse } from '@exai/core';
import {
  createEchoMessages,
  echoRoundsExhaustedWarning,
  visibleToolCalls,
  wantsEcho,
  type BuiltinToolEcho,
} from './builtin-tool-echo.js';
import { ChatCompletionStreamState } from './chat-completion-stream-state.js';
import { addUsage, mapOpenAICompatibleFinishReason } from './map-openai-compatible-response.js';
import type { PreparedChatCall } from './prepared-chat-call.js';
import { normalizeStreamError, readChatCompletionStream } from './read-chat-completion-stream.js';

export interface StreamChatCompletionOptions {
  call: PreparedChatCall;
  /** The response of the first request, headers already received. */
  firstResponse: TransportStreamResponse;
  /** The builtin tool loop, when the call asked for it. */
  echo: BuiltinToolEcho | undefined;
  abortSignal: AbortSignal | undefined;
}

/**
 * The parts of a streamed call: `stream-start`, metadata, deltas, assembled tool calls, then
 * `finish` — or an `error` part and the end. Rounds of a builtin tool loop are streamed as one
 * answer, their usage summed. Leaving the iteration early closes the upstream connection.
 */
export function streamChatCompletion({
  call,
  firstResponse,
  echo,
  abortSignal,
}: StreamChatCompletionOptions): AsyncIterable<LanguageModelV1StreamPart> {
  const firstBody = firstResponse.body[Symbol.asyncIterator]();

  async function* run(): AsyncGenerator<LanguageModelV1StreamPart> {
    yield { type: 'stream-start', warnings: call.warnings };
    let body = call.body;
    let responseBody: AsyncIterator<Uint8Array> = firstBody;
    let url = firstResponse.url;
    let usage: LanguageModelV1Usage | undefined;

    for (let round = 1; ; round++) {
      const state = new ChatCompletionStreamState({ emitMetadata: round === 1 });
      const end = yield* readChatCompletionStream({
        body: { [Symbol.asyncIterator]: () => responseBody },
        url,
        state,
        abortSignal,
      });
      if (end.type === 'error') {
        yield { type: 'error', error: end.error };
        return;
      }

      const completion = state.toCompletion();
      usage = usage === undefined ? completion.usage : addUsage(usage, completion.usage);
      const again = wantsEcho(completion, echo);
      if (again && echo !== undefined && round < echo.maxRounds) {
        body = { ...body, messages: [...(body.messages as unknown[]), ...createEchoMessages(completion)] };
        try {
          const next = await call.transport.stream({ ...call.request, body: JSON.stringify(body) });
          responseBody = next.body[Symbol.asyncIterator]();
          url = next.url;
        } catch (error) {
          yield { type: 'error', error: normalizeStreamError(error, abortSignal) };
          return;
        }
        continue;
      }
      // The warnings array is the one `stream-start` carried, so late warnings still reach it.
      if (again && echo !== undefined) call.warnings.push(echoRoundsExhaustedWarning(echo));

      for (const toolCall of visibleToolCalls(completion, echo?.toolName)) {
        yield { type: 'tool-call', ...toolCall };
      }
      yield {
        type: 'finish',
        finishReason: again ? 'other' : mapOpenAICompatibleFinishReason(completion.finishReason),
        usage,
      };
      return;
    }
  }

  return {
    [Symbol.asyncIterator]() {
      const generator = run();
      let started = false;
      return {
        next() {
          started = true;
          return generator.next();
        },
        async return() {
          // A generator that never started has no cleanup of its own: close the body here.
          if (!started) await firstBody.return?.();
          return generator.return(undefined);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      } satisfies AsyncIterableIterator<LanguageModelV1StreamPart>;
    },
  };
}
