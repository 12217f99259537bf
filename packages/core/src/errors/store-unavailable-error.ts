import { ExaiError } from './exai-error.js';

const marker = 'exai.error.store-unavailable';
const symbol = Symbol.for(marker);

/**
 * The session store cannot be reached or timed out. Retrying later may succeed, unless
 * `isRetryable` is false: a store file that is damaged or not a database stays so.
 */
export class StoreUnavailableError extends ExaiError {
  private readonly [symbol] = true;

  /** The adapter: `sqlite`, `postgres`, … */
  readonly store: string;

  constructor({
    store,
    message,
    cause,
    isRetryable = true,
  }: {
    store: string;
    message: string;
    cause?: unknown;
    isRetryable?: boolean;
  }) {
    super('store_unavailable', { message, cause, isRetryable });
    this.name = 'StoreUnavailableError';
    this.store = store;
  }

  static override isInstance(error: unknown): error is StoreUnavailableError {
    return ExaiError.hasMarker(error, marker);
  }
}
