import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '@exai/core';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';
import { BudgetExhaustedError } from './budget-exhausted-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import type { ToolCallAdmission, ToolCallLimits, ToolCallSettlement } from './tool-call-limits.js';

let upstream: FakeUpstream;
let harness: ToolHarness | undefined;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(async () => {
  await harness?.close();
  upstream.reset();
});

/** Limits that record what they were asked, and refuse with `refusal` when given. */
function recordingLimits(refusal?: () => Error) {
  const admissions: ToolCallAdmission[] = [];
  const settlements: ToolCallSettlement[] = [];
  const limits: ToolCallLimits = {
    async admit(admission) {
      admissions.push(admission);
      if (refusal) throw refusal();
      return { settle: async (settlement) => void settlements.push(settlement) };
    },
  };
  return { limits, admissions, settlements };
}

describe('tool calls inside tenant limits', () => {
  it('reserves an estimate before the model call and settles with the tokens used', async () => {
    const recorded = recordingLimits();
    harness = await connectToolHarness(upstream, { runtime: { callLimits: recorded.limits } });
    const result = await harness.call('chat', { prompt: 'hello there', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(recorded.admissions).toHaveLength(1);
    const [admission] = recorded.admissions;
    expect(admission).toMatchObject({ caller: { tenantId: 'default' }, tool: 'chat' });
    expect(admission!.model).toMatch(/^kimi:/);
    expect(admission!.estimatedTokens).toBeGreaterThan(0);
    expect(admission!.estimatedCostInUsd).toBeGreaterThan(0);
    expect(recorded.settlements).toHaveLength(1);
    expect(recorded.settlements[0]).toMatchObject({ outcome: 'ok' });
    expect(recorded.settlements[0]!.tokens).toBeGreaterThan(0);
  });

  it('settles a failed call with nothing used', async () => {
    const recorded = recordingLimits();
    harness = await connectToolHarness(upstream, { runtime: { callLimits: recorded.limits } });
    upstream.enqueue({ status: 400, body: { error: { message: 'bad request' } } });
    const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(recorded.settlements).toEqual([{ tokens: 0, outcome: 'error' }]);
  });

  it('settles with the tokens the model used even when storing the turn fails afterwards', async () => {
    const recorded = recordingLimits();
    const store = createMemorySessionStore();
    store.commitTurn = () => Promise.reject(new Error('disk full'));
    harness = await connectToolHarness(upstream, { runtime: { callLimits: recorded.limits, store } });
    const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(recorded.settlements).toHaveLength(1);
    expect(recorded.settlements[0]).toMatchObject({ outcome: 'ok' });
    expect(recorded.settlements[0]!.tokens).toBeGreaterThan(0);
  });

  it('refuses over a limit with an isError result saying which limit and when it resets, and calls no model', async () => {
    const recorded = recordingLimits(
      () =>
        new RateLimitedError({
          limit: 'tokens per minute',
          allowed: 1000,
          scope: 'tenant default',
          retryAfterInMs: 30_000,
        }),
    );
    harness = await connectToolHarness(upstream, { runtime: { callLimits: recorded.limits } });
    const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^rate_limited: Rate limit reached: 1000 tokens per minute for tenant default\. It resets at \S+ \(in 30 s\)/,
    );
    expect(upstream.requests).toHaveLength(0);
    const audit = await harness.store.listAudit('default');
    expect(audit.items).toMatchObject([
      { action: 'tool.call', target: 'chat', detail: { outcome: 'refused', errorCode: 'rate_limited' } },
    ]);
  });

  it('refuses a spent budget with budget_exhausted, naming it and when it renews', async () => {
    const renewsAt = new Date(Date.UTC(2027, 0, 1));
    const recorded = recordingLimits(
      () =>
        new BudgetExhaustedError({
          period: 'monthly',
          unit: 'usd',
          allowed: 20,
          scope: 'tenant default',
          renewsAt,
        }),
    );
    harness = await connectToolHarness(upstream, { runtime: { callLimits: recorded.limits } });
    const result = await harness.call('chat', { prompt: 'hello', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('budget_exhausted: The monthly budget of $20 for tenant default is spent');
    expect(result.text).toContain('renews at 2027-01-01T00:00:00.000Z');
  });
});
