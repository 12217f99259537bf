import { onTelemetry, type TelemetryEvent } from '@exai/core';
import { BudgetExhaustedError, RateLimitedError } from '@exai/mcp';
import { describe, expect, it } from 'vitest';
import { emitRefusal, refusalReasonOf } from './refusal-telemetry.js';

const rate = (limit: string) =>
  new RateLimitedError({ limit, allowed: 1, scope: 'tenant acme', retryAfterInMs: 1_000 });

describe('refusal telemetry', () => {
  it('names each refusal by the limit that refused it', () => {
    expect(refusalReasonOf(rate('requests per minute'))).toBe('requests');
    expect(refusalReasonOf(rate('tokens per minute'))).toBe('tokens');
    expect(refusalReasonOf(rate('concurrent calls'))).toBe('concurrency');
    const budget = new BudgetExhaustedError({
      period: 'daily',
      unit: 'usd',
      allowed: 5,
      scope: 'tenant acme',
      renewsAt: new Date('2030-01-02T00:00:00Z'),
    });
    expect(refusalReasonOf(budget)).toBe('budget');
    expect(refusalReasonOf(new Error('not a refusal'))).toBeUndefined();
  });

  it('emits rate-limited with the tenant and reason', () => {
    const events: TelemetryEvent[] = [];
    const stop = onTelemetry((event) => events.push(event));
    try {
      emitRefusal('acme', rate('concurrent calls'));
      emitRefusal('acme', new Error('boom'));
    } finally {
      stop();
    }
    expect(events).toEqual([{ type: 'rate-limited', tenantId: 'acme', reason: 'concurrency' }]);
  });
});
