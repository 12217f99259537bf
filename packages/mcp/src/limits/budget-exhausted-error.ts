import { ExaiError } from '@exai/core';

const marker = 'exai.error.budget-exhausted';
const symbol = Symbol.for(marker);

export interface BudgetExhaustedErrorOptions {
  /** `daily` or `monthly`. */
  period: 'daily' | 'monthly';
  /** `tokens` or `usd`. */
  unit: 'tokens' | 'usd';
  /** The budget's size in its unit. */
  allowed: number;
  /** Whose budget: `tenant acme` or `key k_123 of tenant acme`. */
  scope: string;
  /** The start of the next period (UTC). */
  renewsAt: Date;
}

/** A tenant's (or key's) daily or monthly budget is spent; it renews at `renewsAt`. */
export class BudgetExhaustedError extends ExaiError {
  private readonly [symbol] = true;

  readonly period: 'daily' | 'monthly';
  readonly unit: 'tokens' | 'usd';
  readonly allowed: number;
  readonly scope: string;
  readonly renewsAt: Date;

  constructor({ period, unit, allowed, scope, renewsAt }: BudgetExhaustedErrorOptions) {
    const size = unit === 'usd' ? `$${allowed}` : `${allowed} tokens`;
    super('budget_exhausted', {
      message:
        `The ${period} budget of ${size} for ${scope} is spent (or this call's estimate does not fit ` +
        `in what is left). It renews at ${renewsAt.toISOString()}; ask an administrator to raise ` +
        `limits.${period === 'daily' ? 'daily' : 'monthly'}Budget if you need more before then.`,
      isRetryable: false,
    });
    this.name = 'BudgetExhaustedError';
    this.period = period;
    this.unit = unit;
    this.allowed = allowed;
    this.scope = scope;
    this.renewsAt = renewsAt;
  }

  static override isInstance(error: unknown): error is BudgetExhaustedError {
    return ExaiError.hasMarker(error, marker);
  }
}
