// (6) Observability overhead: stateless `tools/call chat` throughput of `exai serve --http` with
// logging at info and `/metrics` on (a scrape per round) against the same server with logging silent
// and metrics off; one load generator drives both, in alternating rounds. Target: ratio ≥ 0.9.
import { median } from '../support/measure.js';
import { startExaiHttp } from './exai-process.js';
import { createLoadGenerator, type LoadResult, type ThroughputBenchOptions } from './load-generator.js';
import { chatCallTarget } from './chat-call-target.js';

export interface ObservabilityOverheadResult {
  onCallsPerSecond: number;
  offCallsPerSecond: number;
  /** Median over rounds of (on calls/s ÷ off calls/s) in the same round. */
  ratio: number;
  ratioPerRound: number[];
  errors: number;
}

export async function benchObservabilityOverhead({
  upstreamUrl,
  rounds,
  callsPerRound,
  warmupCalls,
  concurrency,
}: ThroughputBenchOptions): Promise<ObservabilityOverheadResult> {
  const on = await startExaiHttp(upstreamUrl, ['--stateless'], { EXAI_LOG_LEVEL: 'info' });
  const off = await startExaiHttp(upstreamUrl, ['--stateless'], {
    EXAI_LOG_LEVEL: 'silent',
    EXAI_CONFIG: JSON.stringify({ metrics: { enabled: false } }),
  });
  const onLoad = createLoadGenerator(chatCallTarget(on.url), { connections: concurrency });
  const offLoad = createLoadGenerator(chatCallTarget(off.url), { connections: concurrency });
  const metricsUrl = on.url.replace(/\/mcp$/, '/metrics');
  try {
    for (const load of [onLoad, offLoad]) {
      const warm = await load.run(warmupCalls);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const onRounds: LoadResult[] = [];
    const offRounds: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      onRounds.push(await onLoad.run(callsPerRound));
      const scrape = await fetch(metricsUrl);
      if (!scrape.ok) throw new Error(`GET /metrics answered ${scrape.status}`);
      await scrape.text();
      offRounds.push(await offLoad.run(callsPerRound));
    }
    const ratioPerRound = onRounds.map(
      (round, index) => round.callsPerSecond / offRounds[index]!.callsPerSecond,
    );
    return {
      onCallsPerSecond: median(onRounds.map((round) => round.callsPerSecond)),
      offCallsPerSecond: median(offRounds.map((round) => round.callsPerSecond)),
      ratio: median(ratioPerRound),
      ratioPerRound,
      errors: [...onRounds, ...offRounds].reduce((sum, round) => sum + round.errors, 0),
    };
  } finally {
    await Promise.all([onLoad.close(), offLoad.close()]);
    await Promise.all([on.stop(), off.stop()]);
  }
}
