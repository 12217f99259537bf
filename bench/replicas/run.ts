// Replicas of `exai serve --http --stateless` on one PostgreSQL and one Redis behind a round-robin
// proxy (the same cluster as deploy/replicas.test.ts): throughput of 1 vs 3 replicas, how exact a
// tenant's requests-per-minute limit is across three, and the p99 a Redis limit adds on one replica.
// On a machine with few cores the 3-vs-1 ratio shows the cost of coordination, not scaling.
import { createFakeUpstream } from '@exai/testkit';
import { postRpc, servicesUnavailable, startCluster, startProxy } from '../../deploy/replicas/cluster.js';
import { median, medianSummary, runLoad, summarize, type Summary } from '../support/measure.js';

const total = Number(process.env.BENCH_REPLICAS_CALLS ?? 400);
const concurrency = Number(process.env.BENCH_REPLICAS_CONCURRENCY ?? 12);
const rounds = Number(process.env.BENCH_REPLICAS_ROUNDS ?? 3);
const limit = Number(process.env.BENCH_REPLICAS_LIMIT ?? 50);
const limitRounds = Number(process.env.BENCH_REPLICAS_LIMIT_ROUNDS ?? 5);

const limitedTenants = Array.from({ length: limitRounds }, (_, round) => `limited-${round}`);

const format = (summary: Summary) =>
  `${Math.round(summary.requestsPerSecond)} calls/s, p50 ${summary.p50InMs.toFixed(1)} ms, p99 ${summary.p99InMs.toFixed(1)} ms`;

async function main(): Promise<void> {
  const unavailable = await servicesUnavailable();
  if (unavailable !== undefined) {
    console.error(`!!! bench:replicas needs PostgreSQL and Redis: ${unavailable} !!!`);
    process.exitCode = 1;
    return;
  }
  const upstream = await createFakeUpstream({ defaultReply: { text: 'A second opinion.' } });
  const cluster = await startCluster({
    replicas: 3,
    upstreamUrl: upstream.url,
    env: {
      EXAI_CONFIG: JSON.stringify({
        limits: {
          tenants: {
            // Limits on, never reached: the cost of counting in Redis.
            counted: { requestsPerMinute: 100_000_000 },
            ...Object.fromEntries(limitedTenants.map((tenant) => [tenant, { requestsPerMinute: limit }])),
          },
        },
      }),
    },
  });
  const single = await startProxy([cluster.replicas[0]!.url]);
  try {
    const { key: plain } = await cluster.createKey('plain');
    const { key: counted } = await cluster.createKey('counted');
    const chat = (url: string, key: string) => async () => {
      const response = await postRpc(url, key, 'tools/call', {
        name: 'chat',
        arguments: { prompt: 'Is this sound?', model: 'kimi-k2' },
      });
      if (response.status !== 200 || response.text.includes('"isError":true'))
        throw new Error(`call failed (${response.status}): ${response.text.slice(0, 300)}`);
    };
    const measure = async (call: () => Promise<void>) =>
      summarize(await runLoad(call, { total, concurrency }));
    // Warm-up: connections, pools, JIT.
    await runLoad(chat(cluster.url, plain), { total: 60, concurrency });

    console.log(
      `${total} chat calls per round, ${concurrency} in flight, ${rounds} rounds (medians); the same proxy in front\n`,
    );
    const one: Summary[] = [];
    const three: Summary[] = [];
    const off: Summary[] = [];
    const on: Summary[] = [];
    for (let round = 0; round < rounds; round++) {
      one.push(await measure(chat(single.url, plain)));
      three.push(await measure(chat(cluster.url, plain)));
      off.push(await measure(chat(single.url, plain)));
      on.push(await measure(chat(single.url, counted)));
    }
    const oneReplica = medianSummary(one);
    const threeReplicas = medianSummary(three);
    console.log('throughput:');
    console.log(`  1 replica:   ${format(oneReplica)}`);
    console.log(`  3 replicas:  ${format(threeReplicas)}`);
    console.log(
      `  3 / 1: ${(threeReplicas.requestsPerSecond / oneReplica.requestsPerSecond).toFixed(2)}× the throughput`,
    );

    const limitsOff = medianSummary(off);
    const limitsOn = medianSummary(on);
    console.log('\nRedis limits on one replica (requests per minute counted, never reached):');
    console.log(`  off: ${format(limitsOff)}`);
    console.log(`  on:  ${format(limitsOn)}`);
    console.log(
      `  p99 added: ${(limitsOn.p99InMs - limitsOff.p99InMs).toFixed(1)} ms ` +
        `(${(limitsOn.p99InMs / limitsOff.p99InMs).toFixed(2)}×), p50 added: ${(limitsOn.p50InMs - limitsOff.p50InMs).toFixed(1)} ms`,
    );

    console.log(
      `\nlimit exactness: ${limit} requests a minute, ${limit * 3} concurrent requests over 3 replicas:`,
    );
    const admittedPerRound: number[] = [];
    for (const tenant of limitedTenants) {
      const { key } = await cluster.createKey(tenant);
      const statuses = await Promise.all(
        Array.from({ length: limit * 3 }, () => postRpc(cluster.url, key, 'tools/list')),
      );
      const admitted = statuses.filter((response) => response.status === 200).length;
      const refused = statuses.filter((response) => response.status === 429).length;
      admittedPerRound.push(admitted);
      console.log(
        `  ${tenant}: ${admitted} admitted, ${refused} refused (429), ${limit * 3 - admitted - refused} other`,
      );
    }
    const exact = admittedPerRound.filter((admitted) => admitted === limit).length;
    console.log(
      `  ${exact} of ${limitRounds} rounds admitted exactly ${limit}; median admitted ${median(admittedPerRound)}`,
    );
  } finally {
    await single.close();
    await cluster.stop();
    await upstream.close();
  }
}

await main();
