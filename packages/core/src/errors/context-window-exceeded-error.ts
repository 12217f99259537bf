import { InvalidArgumentError } from './invalid-argument-error.js';

const marker = 'exai.error.context-window-exceeded';
const symbol = Symbol.for(marker);

export interface ContextWindowExceededErrorOptions {
  /** The model spec, e.g. `kimi:kimi-k2-0905-preview`. */
  spec: string;
  /** The model's context window in tokens. */
  contextWindowInTokens: number;
  /** Tokens kept free for the answer. */
  answerRoomInTokens: number;
  /** The estimated tokens of what cannot be dropped: system text, the message and its context. */
  estimatedInTokens: number;
}

/**
 * A prompt does not fit the model's context window even with no history and no files: the
 * message, the system text and the room kept for the answer alone are larger. Refused before
 * any request is sent. Of the `invalid_argument` family (`InvalidArgumentError.isInstance` is true).
 */
export class ContextWindowExceededError extends InvalidArgumentError {
  private readonly [symbol] = true;

  readonly spec: string;
  readonly contextWindowInTokens: number;
  readonly answerRoomInTokens: number;
  readonly estimatedInTokens: number;

  constructor({
    spec,
    contextWindowInTokens,
    answerRoomInTokens,
    estimatedInTokens,
  }: ContextWindowExceededErrorOptions) {
    const over = estimatedInTokens + answerRoomInTokens - contextWindowInTokens;
    super({
      code: 'context_window_exceeded',
      argument: 'prompt',
      message:
        `the message is about ${estimatedInTokens} tokens; with ${answerRoomInTokens} tokens kept for ` +
        `the answer it does not fit ${spec}'s context window of ${contextWindowInTokens} tokens, even ` +
        `with no history and no files. Shorten the prompt (and its context) by about ${over} tokens ` +
        `(~${over * 4} characters), pass large text as files (they are trimmed to fit), or pick a ` +
        'model with a larger context window.',
    });
    this.name = 'ContextWindowExceededError';
    this.spec = spec;
    this.contextWindowInTokens = contextWindowInTokens;
    this.answerRoomInTokens = answerRoomInTokens;
    this.estimatedInTokens = estimatedInTokens;
  }

  static override isInstance(error: unknown): error is ContextWindowExceededError {
    return InvalidArgumentError.hasMarker(error, marker);
  }
}
