import { ExaiError } from './exai-error.js';

const marker = 'exai.error.invalid-argument';
const symbol = Symbol.for(marker);

/** A call was made with an argument exai cannot use (and says which, and why). */
export class InvalidArgumentError extends ExaiError {
  private readonly [symbol] = true;

  readonly argument: string;

  /** `code` lets a more specific error of this family (e.g. `context_window_exceeded`) keep its own. */
  constructor({
    argument,
    message,
    cause,
    code = 'invalid_argument',
  }: {
    argument: string;
    message: string;
    cause?: unknown;
    code?: string;
  }) {
    super(code, { message, cause, isRetryable: false });
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return ExaiError.hasMarker(error, marker);
  }
}
