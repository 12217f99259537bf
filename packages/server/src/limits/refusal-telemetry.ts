import { emitTelemetry } from '@exai/core';
import { BudgetExhaustedError, RateLimitedError } from '@exai/mcp';

const REASONS: Readonly<Record<string, string>> = {
  'requests per minute': 'requests',
  'tokens per minute': 'tokens',
  'concurrent calls': 'concurrency',
};

/**
 * The `reason` a refusal is counted under in metrics: `requests`, `tokens`, `concurrency` (rate
 * limits) or `budget` (a daily or monthly budget), `undefined` for an error that is not a refusal.
 */
export function refusalReasonOf(error: unknown): string | undefined {
  if (BudgetExhaustedError.isInstance(error)) return 'budget';
  if (RateLimitedError.isInstance(error)) return REASONS[error.limit] ?? 'rate';
  return undefined;
}

/** Emits the `rate-limited` telemetry event of a tenant's refused request or call. */
export function emitRefusal(tenantId: string, error: unknown): void {
  const reason = refusalReasonOf(error);
  if (reason !== undefined) emitTelemetry({ type: 'rate-limited', tenantId, reason });
}
