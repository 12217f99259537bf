import { ExaiError } from './exai-error.js';

const marker = 'exai.error.aborted';
const symbol = Symbol.for(marker);

/** The caller aborted the request through its `AbortSignal`. */
export class AbortedError extends ExaiError {
  private readonly [symbol] = true;

  constructor({ message = 'The request was aborted.', cause }: { message?: string; cause?: unknown } = {}) {
    super('aborted', { message, cause, isRetryable: false });
    this.name = 'AbortedError';
  }

  static override isInstance(error: unknown): error is AbortedError {
    return ExaiError.hasMarker(error, marker);
  }
}
