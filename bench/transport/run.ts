// Same chat calls against the fake upstream: (a) a bare undici request, (b) exai's provider + transport.
// Prints p50/p99 latency and throughput for both and their ratio; medians over alternating rounds.
import { createHttpTransport } from '@exai/core';
import { createOpenAICompatible } from '@exai/providers';
import { Agent, request } from 'undici';
import { medianSummary, runLoad, summarize, type Summary } from '../support/measure.js';
import { startUpstreamProcess } from '../support/start-upstream.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const sequentialCalls = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
const concurrentCalls = Number(process.env.BENCH_CONCURRENT ?? 10000);
const concurrency = 64;

const upstream = await startUpstreamProcess();
const url = `${upstream.url}/v1/chat/completions`;
const prompt = 'Say hello.';

const agent = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
async function bareCall(): Promise<string> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: prompt }] }),
  });
  const json = (await response.body.json()) as { choices: Array<{ message: { content: string } }> };
  return json.choices[0]!.message.content;
}

const transport = createHttpTransport({ bulkhead: { maxConcurrent: 256, maxQueue: 1024 } });
const provider = createOpenAICompatible({
  name: 'bench',
  baseURL: `${upstream.url}/v1`,
  apiKey: 'bench',
  transport,
});
const model = provider('bench-model');
async function exaiCall(): Promise<string> {
  const result = await model.doGenerate({ prompt: [{ role: 'user', content: prompt }] });
  return result.text;
}

if ((await bareCall()) !== (await exaiCall())) throw new Error('the two clients disagree');

// Warm both paths (JIT, pools).
await runLoad(bareCall, { total: 2000, concurrency });
await runLoad(exaiCall, { total: 2000, concurrency });

const results = {
  bareSequential: [] as Summary[],
  exaiSequential: [] as Summary[],
  bareConcurrent: [] as Summary[],
  exaiConcurrent: [] as Summary[],
};
for (let round = 0; round < rounds; round++) {
  results.bareSequential.push(summarize(await runLoad(bareCall, { total: sequentialCalls, concurrency: 1 })));
  results.exaiSequential.push(summarize(await runLoad(exaiCall, { total: sequentialCalls, concurrency: 1 })));
  results.bareConcurrent.push(summarize(await runLoad(bareCall, { total: concurrentCalls, concurrency })));
  results.exaiConcurrent.push(summarize(await runLoad(exaiCall, { total: concurrentCalls, concurrency })));
}

const bareSequential = medianSummary(results.bareSequential);
const exaiSequential = medianSummary(results.exaiSequential);
const bareConcurrent = medianSummary(results.bareConcurrent);
const exaiConcurrent = medianSummary(results.exaiConcurrent);

const row = (name: string, s: Summary) =>
  `| ${name} | ${s.p50InMs.toFixed(3)} | ${s.p99InMs.toFixed(3)} | ${Math.round(s.requestsPerSecond)} |`;
const addedP50 = exaiSequential.p50InMs - bareSequential.p50InMs;
const throughputRatio = exaiConcurrent.requestsPerSecond / bareConcurrent.requestsPerSecond;

console.log(
  `bench/transport — median of ${rounds} alternating rounds; ${sequentialCalls} sequential and ${concurrentCalls} calls at concurrency ${concurrency} per round`,
);
console.log('| run | p50 ms | p99 ms | calls/s |');
console.log('| --- | ---: | ---: | ---: |');
console.log(row('bare undici, sequential', bareSequential));
console.log(row('exai provider + transport, sequential', exaiSequential));
console.log(row('bare undici, concurrency 64', bareConcurrent));
console.log(row('exai provider + transport, concurrency 64', exaiConcurrent));
console.log(
  `added p50, sequential: ${(addedP50 * 1000).toFixed(0)} µs (target < 200 µs) — ${addedP50 < 0.2 ? 'PASS' : 'MISS'}`,
);
console.log(
  `throughput ratio at concurrency 64: ${throughputRatio.toFixed(2)}× bare (target ≥ 0.70×) — ${throughputRatio >= 0.7 ? 'PASS' : 'MISS'}`,
);

await transport.close();
await agent.close();
await upstream.stop();
