const marker = 'exai.error';
const symbol = Symbol.for(marker);

export interface ExaiErrorOptions {
  message: string;
  cause?: unknown;
  /** Whether repeating the same request later may succeed. */
  isRetryable?: boolean;
}

/**
 * Base class of every error exai throws. Check with `ExaiError.isInstance(error)`
 * rather than `instanceof`, so the check survives duplicate package copies.
 */
export class ExaiError extends Error {
  private readonly [symbol] = true;

  /** A stable machine-readable code, e.g. `timeout` or `circuit_open`. */
  readonly code: string;
  readonly isRetryable: boolean;

  constructor(code: string, { message, cause, isRetryable = false }: ExaiErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ExaiError';
    this.code = code;
    this.isRetryable = isRetryable;
  }

  static isInstance(error: unknown): error is ExaiError {
    return ExaiError.hasMarker(error, marker);
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    return (
      error != null &&
      typeof error === 'object' &&
      (error as Record<symbol, unknown>)[Symbol.for(markerName)] === true
    );
  }
}
