import { ExaiError } from './exai-error.js';

const marker = 'exai.error.circuit-open';
const symbol = Symbol.for(marker);

export interface CircuitOpenErrorOptions {
  /** The breaker's key, `provider:model`. */
  target: string;
  /** When the breaker will let a probe request through. */
  retryAfterInMs: number;
  cause?: unknown;
}

/** The circuit breaker for a provider and model is open: the call failed fast, unsent. */
export class CircuitOpenError extends ExaiError {
  private readonly [symbol] = true;

  readonly target: string;
  readonly retryAfterInMs: number;

  constructor({ target, retryAfterInMs, cause }: CircuitOpenErrorOptions) {
    super('circuit_open', {
      message:
        `The circuit for ${target} is open after repeated failures; ` +
        (retryAfterInMs > 0
          ? `the next probe is allowed in about ${Math.ceil(retryAfterInMs / 1000)} s. `
          : 'a probe request is checking whether it recovered. ') +
        `Use another model or configure a fallback.`,
      cause,
      isRetryable: false,
    });
    this.name = 'CircuitOpenError';
    this.target = target;
    this.retryAfterInMs = retryAfterInMs;
  }

  static override isInstance(error: unknown): error is CircuitOpenError {
    return ExaiError.hasMarker(error, marker);
  }
}
