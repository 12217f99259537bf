/**
 * Exact percentiles of the latencies in the window (nearest rank on a sorted copy). The window holds
 * a bounded number of samples, so sorting them per snapshot is cheap and needs no sketch library.
 */
export function percentilesOf(latenciesInMs: readonly number[]): {
  p50InMs: number | undefined;
  p95InMs: number | undefined;
} {
  if (latenciesInMs.length === 0) return { p50InMs: undefined, p95InMs: undefined };
  const sorted = Float64Array.from(latenciesInMs).sort();
  const rank = (quantile: number) => sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)]!;
  return { p50InMs: Math.round(rank(0.5)), p95InMs: Math.round(rank(0.95)) };
}
