import { ExaiError } from './exai-error.js';

const marker = 'exai.error.over-capacity';
const symbol = Symbol.for(marker);

export interface OverCapacityErrorOptions {
  /** The provider whose bulkhead is full. */
  provider: string;
  maxConcurrent: number;
  maxQueue: number;
  /** A hint for when to try again. */
  retryAfterInMs: number;
}

/** Too many requests to one provider are in flight and its queue is full. */
export class OverCapacityError extends ExaiError {
  private readonly [symbol] = true;

  readonly provider: string;
  readonly retryAfterInMs: number;

  constructor({ provider, maxConcurrent, maxQueue, retryAfterInMs }: OverCapacityErrorOptions) {
    super('over_capacity', {
      message:
        `Provider ${provider} is over capacity (${maxConcurrent} in flight, ${maxQueue} queued); ` +
        `try again in ${retryAfterInMs} ms or raise its maxConcurrent/maxQueue settings.`,
      isRetryable: false,
    });
    this.name = 'OverCapacityError';
    this.provider = provider;
    this.retryAfterInMs = retryAfterInMs;
  }

  static override isInstance(error: unknown): error is OverCapacityError {
    return ExaiError.hasMarker(error, marker);
  }
}
