/** Latency samples (ms) and wall time of one measured run. */
export interface RunResult {
  latenciesInMs: number[];
  durationInMs: number;
  count: number;
}

/** Runs `call` `total` times with at most `concurrency` in flight. */
export async function runLoad(
  call: () => Promise<unknown>,
  { total, concurrency }: { total: number; concurrency: number },
): Promise<RunResult> {
  const latenciesInMs: number[] = new Array(total);
  let next = 0;
  const startedAt = performance.now();
  async function worker(): Promise<void> {
    while (next < total) {
      const index = next++;
      const callStartedAt = performance.now();
      await call();
      latenciesInMs[index] = performance.now() - callStartedAt;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { latenciesInMs, durationInMs: performance.now() - startedAt, count: total };
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export interface Summary {
  p50InMs: number;
  p99InMs: number;
  requestsPerSecond: number;
}

export function summarize(result: RunResult): Summary {
  return {
    p50InMs: percentile(result.latenciesInMs, 0.5),
    p99InMs: percentile(result.latenciesInMs, 0.99),
    requestsPerSecond: (result.count / result.durationInMs) * 1000,
  };
}

/** The median of each field over several rounds (rounds alternate between the compared variants). */
export function medianSummary(rounds: readonly Summary[]): Summary {
  return {
    p50InMs: median(rounds.map((r) => r.p50InMs)),
    p99InMs: median(rounds.map((r) => r.p99InMs)),
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
  };
}
