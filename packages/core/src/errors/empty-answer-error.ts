import type { LanguageModelV1FinishReason } from '../language-model/v1/language-model-v1-result.js';
import { ExaiError } from './exai-error.js';

const marker = 'exai.error.empty-answer';
const symbol = Symbol.for(marker);

export interface EmptyAnswerErrorOptions {
  /** `provider:model` that answered. */
  model: string;
  /** Why the model stopped, as the provider reported it. */
  finishReason: LanguageModelV1FinishReason;
  /** The `max_tokens` the call was sent with, when known. */
  outputLimitInTokens?: number | undefined;
  /** Whether the model wrote reasoning ("thinking") text before it stopped. */
  reasoned?: boolean | undefined;
  /** The tools the model asked to call instead of answering, when it did. */
  toolNames?: readonly string[] | undefined;
  cause?: unknown;
}

/**
 * A model answered without any answer text — empty or blank content, no choice at all
 * (`choices: []`), only reasoning, or only tool calls where the caller runs none — so there is
 * nothing to give back. Not retryable: the tokens were spent, and the same request often stops
 * the same way (an output limit used up by reasoning, a content filter); the message says why it
 * stopped and what to change.
 */
export class EmptyAnswerError extends ExaiError {
  private readonly [symbol] = true;

  readonly model: string;
  readonly finishReason: LanguageModelV1FinishReason;

  constructor({
    model,
    finishReason,
    outputLimitInTokens,
    reasoned = false,
    toolNames = [],
    cause,
  }: EmptyAnswerErrorOptions) {
    super('empty_answer', {
      message: `${model} returned an empty answer (finish reason ${finishReason}): ${explain({
        finishReason,
        outputLimitInTokens,
        reasoned,
        toolNames,
      })} Nothing of it was kept.`,
      cause,
      isRetryable: false,
    });
    this.name = 'EmptyAnswerError';
    this.model = model;
    this.finishReason = finishReason;
  }

  static override isInstance(error: unknown): error is EmptyAnswerError {
    return ExaiError.hasMarker(error, marker);
  }
}

/** Why there is no answer, and what to do about it, by how the model stopped. */
function explain({
  finishReason,
  outputLimitInTokens,
  reasoned,
  toolNames,
}: {
  finishReason: LanguageModelV1FinishReason;
  outputLimitInTokens: number | undefined;
  reasoned: boolean;
  toolNames: readonly string[];
}): string {
  if (finishReason === 'length') {
    const limit = outputLimitInTokens === undefined ? '' : ` of ${outputLimitInTokens} tokens`;
    const during = reasoned ? ' while it was still reasoning,' : '';
    return (
      `it reached its output limit${limit}${during} before writing any answer text. Ask for less at ` +
      'once, use a lower thinking level (or none), or use a model with more output room.'
    );
  }
  if (finishReason === 'content-filter') {
    return "the provider's content filter stopped it. Rephrase the request, or ask another model.";
  }
  if (toolNames.length > 0) {
    return (
      `it only asked to call tools (${toolNames.join(', ')}), which this call does not run. ` +
      'Ask again, or ask another model.'
    );
  }
  const what = reasoned ? 'it wrote reasoning but no answer text' : 'it sent no answer text at all';
  return `${what}. Ask again, or ask another model.`;
}
