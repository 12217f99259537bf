import { EmptyAnswerError } from '@exai/core';
import type { StreamedAnswer } from './stream-answer.js';

/**
 * The error for an answer with no text — empty or only whitespace: `content` empty or null, no
 * choice at all (`choices: []`), only reasoning, or only tool calls (a model turn offers no tools,
 * so there is nothing to run them with) — or `undefined` for an answer with text. `spec` is the
 * model that answered, `outputLimitInTokens` the `max_tokens` it was sent. The model turn fails
 * with it: nothing is stored, the call's usage is recorded as failed, and it is not retried (see
 * `EmptyAnswerError`).
 */
export function emptyAnswerError(
  answer: Pick<StreamedAnswer, 'text' | 'finishReason' | 'reasoned' | 'toolNames'>,
  { spec, outputLimitInTokens }: { spec: string; outputLimitInTokens: number },
): EmptyAnswerError | undefined {
  if (answer.text.trim() !== '') return undefined;
  return new EmptyAnswerError({
    model: spec,
    finishReason: answer.finishReason ?? 'unknown',
    outputLimitInTokens,
    reasoned: answer.reasoned,
    toolNames: answer.toolNames,
  });
}
