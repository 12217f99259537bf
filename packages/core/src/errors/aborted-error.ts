import { ExaiError } from './exai-error.js';

const marker = 'exai.error.aborted';
const symbol = Symbol.for(marker);

/** The caller aborted the request through its `AbortSignal`. */
export class AbortedError extends ExaiError {
  private readonly [symbol] = true;

  /**
   * Without a `message`, a `cause` that is itself an `AbortedError` (the reason an aborting party
   * gave, such as a daemon that is shutting down) lends its message: the call says why it stopped.
   */
  constructor({ message, cause }: { message?: string; cause?: unknown } = {}) {
    super('aborted', {
      message: message ?? (AbortedError.isInstance(cause) ? cause.message : 'The request was aborted.'),
      cause,
      isRetryable: false,
    });
    this.name = 'AbortedError';
  }

  /**
   * The error of work stopped by `signal`: its reason when that is an `AbortedError` (it says who
   * stopped it and why), else one with `message`.
   */
  static of(signal: AbortSignal, message: string): AbortedError {
    const reason: unknown = signal.reason;
    return AbortedError.isInstance(reason) ? reason : new AbortedError({ message, cause: reason });
  }

  static override isInstance(error: unknown): error is AbortedError {
    return ExaiError.hasMarker(error, marker);
  }
}
