// What tenant limits add to each request and each model call: the requests-per-minute check the
// HTTP chain makes, and the reserve-then-reconcile of a model call (concurrency, tokens per minute,
// a daily budget), counted in memory and in Redis, against no limits at all in the same run.
import { randomUUID } from 'node:crypto';
import { connectRedis, createTenantLimits, type TenantLimits } from '@exai/server';
import { medianSummary, runLoad, summarize, type Summary } from '../support/measure.js';

const total = Number(process.env.BENCH_LIMIT_CALLS ?? 5_000);
const concurrency = Number(process.env.BENCH_LIMIT_CONCURRENCY ?? 16);
const rounds = Number(process.env.BENCH_LIMIT_ROUNDS ?? 3);
const redisUrl = process.env.REDIS_URL ?? process.env.EXAI_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Large enough that nothing is refused: the cost of counting, not of refusing.
const settings = {
  defaults: {
    requestsPerMinute: 100_000_000,
    tokensPerMinute: 1_000_000_000,
    concurrentCalls: 1_000,
    dailyBudget: { tokens: 1_000_000_000 },
  },
};
const admission = (tenant: number) => ({
  caller: { tenantId: `t${tenant}` },
  tool: 'chat',
  model: 'kimi:kimi-k2',
  estimatedTokens: 4_200,
});

type Subject = { name: string; request: (i: number) => Promise<void>; call: (i: number) => Promise<void> };

function subjectOf(name: string, limits: TenantLimits | undefined): Subject {
  return {
    name,
    request: async (i) => {
      await limits?.admitRequest({ tenantId: `t${i % 10}` });
    },
    call: async (i) => {
      const reservation = await limits?.admit(admission(i % 10));
      await reservation?.settle({ tokens: 350, outcome: 'ok' });
    },
  };
}

async function measure(subject: Subject, kind: 'request' | 'call'): Promise<Summary> {
  let index = 0;
  return summarize(await runLoad(() => subject[kind](index++), { total, concurrency }));
}

const format = (summary: Summary) =>
  `p50 ${summary.p50InMs.toFixed(3)} ms, p99 ${summary.p99InMs.toFixed(3)} ms, ${Math.round(summary.requestsPerSecond)}/s`;

async function main(): Promise<void> {
  const redis = await connectRedis({ url: redisUrl, keyPrefix: `exai-bench-${randomUUID()}:` }).catch(
    (error: unknown) => {
      console.warn(`!!! Redis at ${redisUrl} is unreachable (${String(error)}): measuring memory only !!!`);
      return undefined;
    },
  );
  const subjects = [
    subjectOf('no limits', undefined),
    subjectOf('memory', createTenantLimits({ settings })),
    ...(redis === undefined ? [] : [subjectOf('Redis', createTenantLimits({ settings, redis }))]),
  ];
  console.log(`${total} admissions per round, ${concurrency} in flight, ${rounds} rounds (medians)\n`);
  for (const kind of ['request', 'call'] as const) {
    const results = new Map<string, Summary[]>();
    for (let round = 0; round < rounds; round++) {
      for (const subject of subjects) {
        const summaries = results.get(subject.name) ?? [];
        summaries.push(await measure(subject, kind));
        results.set(subject.name, summaries);
      }
    }
    console.log(
      kind === 'request' ? 'requests per minute (one HTTP request):' : 'a model call (reserve + reconcile):',
    );
    const baseline = medianSummary(results.get('no limits')!);
    for (const [name, summaries] of results) {
      const summary = medianSummary(summaries);
      const added = summary.p99InMs - baseline.p99InMs;
      console.log(
        `  ${name.padEnd(10)} ${format(summary)}${name === 'no limits' ? '' : `  (p99 +${added.toFixed(3)} ms)`}`,
      );
    }
    console.log();
  }
  redis?.disconnect();
}

await main();
