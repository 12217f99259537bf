import { ExaiError } from './exai-error.js';

const marker = 'exai.error.invalid-argument';
const symbol = Symbol.for(marker);

/** A call was made with an argument exai cannot use (and says which, and why). */
export class InvalidArgumentError extends ExaiError {
  private readonly [symbol] = true;

  readonly argument: string;

  constructor({ argument, message, cause }: { argument: string; message: string; cause?: unknown }) {
    super('invalid_argument', { message, cause, isRetryable: false });
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return ExaiError.hasMarker(error, marker);
  }
}
