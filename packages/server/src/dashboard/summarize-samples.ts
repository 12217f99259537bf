import type { DashboardSnapshot, LatencyRow, ProviderRow, SpendRow, ToolRow } from './dashboard-types.js';
import { percentilesOf } from './latency-percentiles.js';
import type { DashboardSample } from './sample-window.js';

type Summary = Pick<
  DashboardSnapshot,
  'totals' | 'series' | 'tools' | 'providers' | 'storeOperations' | 'models' | 'tenants'
>;

const rateWindowInMs = 60_000;

function latencyRows(samples: readonly DashboardSample[]): LatencyRow[] {
  const groups = new Map<string, DashboardSample[]>();
  for (const sample of samples) {
    const group = groups.get(sample.name);
    if (group === undefined) groups.set(sample.name, [sample]);
    else group.push(sample);
  }
  return [...groups]
    .map(([name, group]) => ({
      name,
      calls: group.length,
      errors: group.filter((sample) => sample.outcome === 'error').length,
      cancelled: group.filter((sample) => sample.outcome === 'cancelled').length,
      ...percentilesOf(group.map((sample) => sample.latencyInMs)),
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

function spendRows(
  samples: readonly DashboardSample[],
  keyOf: (sample: DashboardSample) => string,
): SpendRow[] {
  const rows = new Map<string, SpendRow>();
  for (const sample of samples) {
    const name = keyOf(sample);
    const row = rows.get(name) ?? {
      name,
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      costInUsd: 0,
      unpriced: 0,
    };
    row.calls += 1;
    row.inputTokens += sample.inputTokens ?? 0;
    row.outputTokens += sample.outputTokens ?? 0;
    if (sample.costInUsd === undefined) row.unpriced += 1;
    else row.costInUsd += sample.costInUsd;
    rows.set(name, row);
  }
  return [...rows.values()].sort((a, b) => b.costInUsd - a.costInUsd || b.calls - a.calls);
}

function countBy(samples: readonly DashboardSample[], kind: DashboardSample['kind']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sample of samples)
    if (sample.kind === kind) counts.set(sample.name, (counts.get(sample.name) ?? 0) + 1);
  return counts;
}

/** Calls and errors per second and latency percentiles per bucket, oldest bucket first. */
function seriesOf(tools: readonly DashboardSample[], now: number, windowInMs: number, bucketInMs: number) {
  const buckets = Math.ceil(windowInMs / bucketInMs);
  const first = Math.floor(now / bucketInMs) * bucketInMs - (buckets - 1) * bucketInMs;
  const latencies: number[][] = Array.from({ length: buckets }, () => []);
  const errors = new Array<number>(buckets).fill(0);
  for (const sample of tools) {
    const index = Math.floor((sample.at - first) / bucketInMs);
    if (index < 0 || index >= buckets) continue;
    latencies[index]!.push(sample.latencyInMs);
    if (sample.outcome === 'error') errors[index]! += 1;
  }
  const perSecond = (count: number) => Math.round((count / (bucketInMs / 1000)) * 1000) / 1000;
  const percentiles = latencies.map(percentilesOf);
  return {
    at: latencies.map((_, index) => (first + index * bucketInMs) / 1000),
    callsPerSecond: latencies.map((bucket) => perSecond(bucket.length)),
    errorsPerSecond: errors.map(perSecond),
    p50InMs: percentiles.map((value) => value.p50InMs ?? null),
    p95InMs: percentiles.map((value) => value.p95InMs ?? null),
  };
}

/** Everything the page shows that comes from the samples of one scope. */
export function summarizeSamples(
  samples: readonly DashboardSample[],
  {
    now,
    windowInMs,
    bucketInMs,
    gauges,
    withStoreOperations,
  }: {
    now: number;
    windowInMs: number;
    bucketInMs: number;
    /** In-flight and queued per provider (daemon only). */
    gauges: { inFlight: Map<string, number>; queued: Map<string, number> } | undefined;
    withStoreOperations: boolean;
  },
): Summary {
  const tools = samples.filter((sample) => sample.kind === 'tool');
  const modelCalls = samples.filter((sample) => sample.kind === 'provider');
  const hits = countBy(samples, 'cache-hit');
  const misses = countBy(samples, 'cache-miss');
  const fallbacks = countBy(samples, 'fallback');
  const toolRows: ToolRow[] = latencyRows(tools).map((row) => ({
    ...row,
    cacheHits: hits.get(row.name) ?? 0,
    cacheMisses: misses.get(row.name) ?? 0,
  }));
  const providerNames = new Set([
    ...modelCalls.map((sample) => sample.name),
    ...(gauges === undefined ? [] : [...gauges.inFlight.keys(), ...gauges.queued.keys()]),
  ]);
  const providerLatency = new Map(latencyRows(modelCalls).map((row) => [row.name, row]));
  const providerRows: ProviderRow[] = [...providerNames].map((name) => ({
    ...(providerLatency.get(name) ?? {
      name,
      calls: 0,
      errors: 0,
      cancelled: 0,
      p50InMs: undefined,
      p95InMs: undefined,
    }),
    inFlight: gauges === undefined ? undefined : (gauges.inFlight.get(name) ?? 0),
    queued: gauges === undefined ? undefined : (gauges.queued.get(name) ?? 0),
    fallbacks: fallbacks.get(name) ?? 0,
  }));
  providerRows.sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  const models = spendRows(modelCalls, (sample) => sample.model ?? sample.name);
  const errors = tools.filter((sample) => sample.outcome === 'error').length;
  const recent = tools.filter((sample) => sample.at > now - rateWindowInMs).length;
  const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
  return {
    totals: {
      calls: tools.length,
      errors,
      errorRate: tools.length === 0 ? 0 : errors / tools.length,
      callsPerSecond: recent / (Math.min(rateWindowInMs, windowInMs) / 1000),
      ...percentilesOf(tools.map((sample) => sample.latencyInMs)),
      inputTokens: sum(models.map((row) => row.inputTokens)),
      outputTokens: sum(models.map((row) => row.outputTokens)),
      costInUsd: sum(models.map((row) => row.costInUsd)),
      inFlight: gauges === undefined ? undefined : sum(gauges.inFlight.values()),
      queued: gauges === undefined ? undefined : sum(gauges.queued.values()),
    },
    series: seriesOf(tools, now, windowInMs, bucketInMs),
    tools: toolRows,
    providers: providerRows,
    storeOperations: withStoreOperations
      ? latencyRows(samples.filter((sample) => sample.kind === 'store'))
      : undefined,
    models,
    tenants: spendRows(modelCalls, (sample) => sample.tenantId ?? '(none)'),
  };
}
