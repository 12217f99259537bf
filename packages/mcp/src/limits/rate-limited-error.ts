import { ExaiError } from '@exai/core';

const marker = 'exai.error.rate-limited';
const symbol = Symbol.for(marker);

export interface RateLimitedErrorOptions {
  /** Which limit, as a person reads it: `requests per minute`, `tokens per minute`, `concurrent calls`. */
  limit: string;
  /** The limit's value. */
  allowed: number;
  /** Whose limit: `tenant acme` or `key k_123 of tenant acme`. */
  scope: string;
  retryAfterInMs: number;
  /** What to add after the standard sentence (e.g. why one call can never fit). */
  detail?: string;
  /**
   * `window` (the default): a count over a period, which resets at a known time. `in-flight`: a
   * number of things running at once, freed when one ends, at no time known in advance.
   */
  kind?: 'window' | 'in-flight';
}

/** A tenant (or key) is over one of its rate limits; trying again after `retryAfterInMs` may succeed. */
export class RateLimitedError extends ExaiError {
  private readonly [symbol] = true;

  readonly limit: string;
  readonly allowed: number;
  readonly scope: string;
  readonly retryAfterInMs: number;
  /** When the limit's window resets. */
  readonly resetsAt: Date;

  constructor({ limit, allowed, scope, retryAfterInMs, detail, kind = 'window' }: RateLimitedErrorOptions) {
    const resetsAt = new Date(Date.now() + retryAfterInMs);
    const seconds = Math.max(1, Math.ceil(retryAfterInMs / 1000));
    super('rate_limited', {
      message:
        kind === 'in-flight'
          ? `Rate limit reached: ${allowed} ${limit} for ${scope}, all in flight. ` +
            `${detail ?? 'One is freed when one of them ends'}; try again then (checking every ${seconds} s or so is fine).`
          : `Rate limit reached: ${allowed} ${limit} for ${scope}. It resets at ${resetsAt.toISOString()} ` +
            `(in ${seconds} s); try again then` +
            (detail === undefined ? '.' : `. ${detail}`),
      isRetryable: true,
    });
    this.name = 'RateLimitedError';
    this.limit = limit;
    this.allowed = allowed;
    this.scope = scope;
    this.retryAfterInMs = retryAfterInMs;
    this.resetsAt = resetsAt;
  }

  static override isInstance(error: unknown): error is RateLimitedError {
    return ExaiError.hasMarker(error, marker);
  }
}
