import type { LanguageModelV1StreamPart, LanguageModelV1Usage } from '@exai/core';
import {
  createEchoMessages,
  echoRoundsExhaustedWarning,
  visibleToolCalls,
  wantsEcho,
  type BuiltinToolEcho,
} from './builtin-tool-echo.js';
import { ChatCompletionStreamState } from './chat-completion-stream-state.js';
import { addUsage, mapOpenAICompatibleFinishReason } from './map-openai-compatible-response.js';
import type { ChatCompletion } from './parse-chat-completion.js';
import type { PreparedChatCall } from './prepared-chat-call.js';
import { type ChatRound, completionParts, openChatRound } from './read-chat-completion-json.js';
import { normalizeStreamError, readChatCompletionStream } from './read-chat-completion-stream.js';

export interface StreamChatCompletionOptions {
  call: PreparedChatCall;
  /** The first round, its response headers (and, for a JSON answer, its body) already received. */
  firstRound: ChatRound;
  /** The builtin tool loop, when the call asked for it. */
  echo: BuiltinToolEcho | undefined;
  abortSignal: AbortSignal | undefined;
}

/**
 * The parts of a streamed call: `stream-start`, metadata, deltas, assembled tool calls, then
 * `finish` — or an `error` part and the end. Rounds of a builtin tool loop are streamed as one
 * answer, their usage summed. A failure found in a round's body (an error event, malformed or
 * truncated data) is reported to the transport's circuit breaker. Leaving the iteration early
 * closes the upstream connection.
 */
export function streamChatCompletion({
  call,
  firstRound,
  echo,
  abortSignal,
}: StreamChatCompletionOptions): AsyncIterable<LanguageModelV1StreamPart> {
  async function* run(): AsyncGenerator<LanguageModelV1StreamPart> {
    yield { type: 'stream-start', warnings: call.warnings };
    let body = call.body;
    let round = firstRound;
    let usage: LanguageModelV1Usage | undefined;

    for (let index = 1; ; index++) {
      let completion: ChatCompletion;
      if (round.completion !== undefined) {
        completion = round.completion;
        yield* completionParts(completion, index === 1);
      } else {
        const state = new ChatCompletionStreamState({ emitMetadata: index === 1 });
        const { response } = round;
        const end = yield* readChatCompletionStream({
          body: round.body,
          source: response,
          state,
          abortSignal,
        });
        if (end.type === 'error') {
          response.reportFailure?.(end.error);
          yield { type: 'error', error: end.error };
          return;
        }
        completion = state.toCompletion();
      }

      usage = usage === undefined ? completion.usage : addUsage(usage, completion.usage);
      const again = wantsEcho(completion, echo);
      if (again && echo !== undefined && index < echo.maxRounds) {
        body = { ...body, messages: [...(body.messages as unknown[]), ...createEchoMessages(completion)] };
        try {
          round = await openChatRound(
            await call.transport.stream({ ...call.request, body: JSON.stringify(body) }),
          );
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
          if (!started) await firstRound.body.return?.();
          return generator.return(undefined);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      } satisfies AsyncIterableIterator<LanguageModelV1StreamPart>;
    },
  };
}
