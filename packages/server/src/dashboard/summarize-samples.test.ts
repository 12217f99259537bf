import { describe, expect, it } from 'vitest';
import { SampleWindow, type DashboardSample } from './sample-window.js';
import { summarizeSamples } from './summarize-samples.js';

const now = 1_000_000_000_000;
const tool = (
  at: number,
  latencyInMs: number,
  outcome: DashboardSample['outcome'] = 'ok',
): DashboardSample => ({
  at,
  kind: 'tool',
  name: 'chat',
  tenantId: 'acme',
  outcome,
  latencyInMs,
});

describe('summarizeSamples', () => {
  it('counts calls and errors, takes nearest-rank p50/p95, and buckets the series per second', () => {
    const samples = Array.from({ length: 20 }, (_, index) =>
      tool(now - 30_000 + index, (index + 1) * 10, index < 2 ? 'error' : 'ok'),
    );
    samples.push({ ...tool(now - 1_000, 5, 'cancelled'), name: 'codereview' });
    const summary = summarizeSamples(samples, {
      now,
      windowInMs: 60_000,
      bucketInMs: 5_000,
      gauges: undefined,
      withStoreOperations: false,
    });
    expect(summary.tools).toMatchObject([
      { name: 'chat', calls: 20, errors: 2, cancelled: 0, p50InMs: 100, p95InMs: 190 },
      { name: 'codereview', calls: 1, errors: 0, cancelled: 1, p50InMs: 5, p95InMs: 5 },
    ]);
    expect(summary.totals).toMatchObject({
      calls: 21,
      errors: 2,
      callsPerSecond: 21 / 60,
      inFlight: undefined,
    });
    expect(summary.totals.errorRate).toBeCloseTo(2 / 21);
    expect(summary.series.at).toHaveLength(12);
    // 20 calls in one 5-second bucket: 4 per second.
    expect(summary.series.callsPerSecond.filter((value) => value > 0)).toEqual([4, 0.2]);
    expect(summary.series.p95InMs.filter((value) => value !== null)).toEqual([190, 5]);
    expect(summary.storeOperations).toBeUndefined();
  });

  it('sums tokens and cost by model and tenant, counting unpriced calls, and joins the live gauges', () => {
    const call = (tenantId: string, costInUsd: number | undefined): DashboardSample => ({
      at: now - 1_000,
      kind: 'provider',
      name: 'kimi',
      tenantId,
      outcome: 'ok',
      latencyInMs: 50,
      model: 'kimi:kimi-k2',
      inputTokens: 100,
      outputTokens: 10,
      costInUsd,
    });
    const summary = summarizeSamples(
      [
        call('acme', 0.5),
        call('acme', undefined),
        call('globex', 0.25),
        { ...call('acme', 0), kind: 'fallback' },
      ],
      {
        now,
        windowInMs: 60_000,
        bucketInMs: 1_000,
        gauges: {
          inFlight: new Map([
            ['kimi', 2],
            ['glm', 1],
          ]),
          queued: new Map([['kimi', 3]]),
        },
        withStoreOperations: true,
      },
    );
    expect(summary.models).toEqual([
      { name: 'kimi:kimi-k2', calls: 3, inputTokens: 300, outputTokens: 30, costInUsd: 0.75, unpriced: 1 },
    ]);
    expect(summary.tenants.map((row) => [row.name, row.calls, row.costInUsd])).toEqual([
      ['acme', 2, 0.5],
      ['globex', 1, 0.25],
    ]);
    expect(summary.providers).toMatchObject([
      { name: 'kimi', calls: 3, inFlight: 2, queued: 3, fallbacks: 1 },
      { name: 'glm', calls: 0, inFlight: 1, queued: 0, p50InMs: undefined },
    ]);
    expect(summary.totals).toMatchObject({ inFlight: 3, queued: 3, costInUsd: 0.75, inputTokens: 300 });
    expect(summary.storeOperations).toEqual([]);
  });
});

describe('SampleWindow', () => {
  it('keeps the samples of the window only, and at most maxSamples of them', () => {
    const window = new SampleWindow(10_000, 3);
    for (let index = 0; index < 5; index += 1) window.push(tool(now - 5_000 + index, index));
    expect(window.select(now, () => true).map((sample) => sample.latencyInMs)).toEqual([2, 3, 4]);
    expect(window.select(now + 6_000, () => true)).toEqual([]);
    expect(window.oldestAt()).toBeUndefined();
  });
});
