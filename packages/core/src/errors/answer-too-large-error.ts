import { ExaiError } from './exai-error.js';

const marker = 'exai.error.answer-too-large';
const symbol = Symbol.for(marker);

export interface AnswerTooLargeErrorOptions {
  /** The cap on an answer's text, in UTF-8 bytes. */
  maxBytes: number;
  /** How to raise the cap, e.g. `maxAnswerBytes (EXAI_MAX_ANSWER_BYTES)`. */
  option: string;
  /** Where the part received before the cap is kept, as a sentence (empty when it is not kept). */
  kept?: string;
  cause?: unknown;
}

/**
 * A model's answer passed the cap on answer size: the upstream stream was closed at the cap and
 * the call ended. What arrived before it is kept where `kept` says.
 */
export class AnswerTooLargeError extends ExaiError {
  private readonly [symbol] = true;

  readonly maxBytes: number;
  readonly option: string;

  constructor({ maxBytes, option, kept = '', cause }: AnswerTooLargeErrorOptions) {
    super('answer_too_large', {
      message:
        `the answer passed the cap of ${maxBytes} bytes of text, so it was cut off there.` +
        `${kept === '' ? '' : ` ${kept}`} Ask for a shorter answer (or one part at a time), or raise ` +
        `the cap: ${option}.`,
      cause,
      isRetryable: false,
    });
    this.name = 'AnswerTooLargeError';
    this.maxBytes = maxBytes;
    this.option = option;
  }

  static override isInstance(error: unknown): error is AnswerTooLargeError {
    return ExaiError.hasMarker(error, marker);
  }
}
