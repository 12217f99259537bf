import { describe, expect, it } from 'vitest';
import { budgetPeriod } from './budget-period.js';
import { hasAnyLimit, limitsFor } from './limit-settings.js';

describe('limitsFor', () => {
  const settings = {
    defaults: { requestsPerMinute: 60, concurrentCalls: 4 },
    tenants: {
      acme: { requestsPerMinute: 600, concurrentCalls: null, keys: { k1: { tokensPerMinute: 1_000 } } },
    },
  };

  it('lays a tenant override over the defaults field by field, null lifting a limit', () => {
    expect(limitsFor(settings, { tenantId: 'acme' })).toEqual({
      tenant: { requestsPerMinute: 600, concurrentCalls: null },
      key: undefined,
    });
    expect(limitsFor(settings, { tenantId: 'other', keyId: 'k1' })).toEqual({
      tenant: { requestsPerMinute: 60, concurrentCalls: 4 },
      key: undefined,
    });
  });

  it('adds the limits of a key of that tenant', () => {
    expect(limitsFor(settings, { tenantId: 'acme', keyId: 'k1' }).key).toEqual({ tokensPerMinute: 1_000 });
    expect(limitsFor(settings, { tenantId: 'acme', keyId: 'k2' }).key).toBeUndefined();
  });

  it('knows when nothing is limited', () => {
    expect(hasAnyLimit({})).toBe(false);
    expect(hasAnyLimit({ defaults: { requestsPerMinute: null }, tenants: { a: {} } })).toBe(false);
    expect(hasAnyLimit({ tenants: { a: { keys: { k: { concurrentCalls: 1 } } } } })).toBe(true);
  });
});

describe('budgetPeriod', () => {
  it('names the UTC day or month and when the next one starts', () => {
    const lateOnNewYearsEve = new Date('2026-12-31T23:59:30Z');
    expect(budgetPeriod('daily', lateOnNewYearsEve)).toEqual({
      id: '2026-12-31',
      renewsAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(budgetPeriod('monthly', lateOnNewYearsEve)).toEqual({
      id: '2026-12',
      renewsAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(budgetPeriod('monthly', new Date('2027-02-28T12:00:00Z')).renewsAt).toEqual(
      new Date('2027-03-01T00:00:00Z'),
    );
  });
});
