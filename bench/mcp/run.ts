// The MCP server end to end, against the fake upstream (its own process, recording off, no delay):
// (1) a `chat` call over stdio against the same model called directly, (2) HTTP throughput of
// stateless `tools/call chat` (memory and SQLite store) against a minimal keep-alive proxy, (3)
// resident memory with 10,000 stateful HTTP sessions open, (4) time from spawning `exai serve` to its
// first answers, (5) start-up costs: importing the libraries and `exai chat` against `exai --version`,
// and (2b) the same stateless `chat` beside a server doing only its essential work (`floor`).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { startUpstreamProcess } from '../support/start-upstream.js';
import { cliPath } from './exai-process.js';
import { benchCallFloor, type CallFloorResult, type CallFloorSide } from './call-floor.js';
import { benchHttpSessions, type HttpSessionsResult } from './http-sessions.js';
import { benchObservabilityOverhead, type ObservabilityOverheadResult } from './observability-overhead.js';
import { benchHttpThroughput, type HttpThroughputResult, type ThroughputSide } from './http-throughput.js';
import { benchStartLatency, type StartLatencyResult } from './start-latency.js';
import { benchStartUpCosts, type StartUpCostsResult } from './start-up-costs.js';
import { benchStdioOverhead, type StdioOverheadResult, type StdioPair } from './stdio-overhead.js';

const sizes = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  stdioCalls: Number(process.env.BENCH_STDIO_CALLS ?? 1000),
  httpCalls: Number(process.env.BENCH_HTTP_CALLS ?? 10_000),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 64),
  sessions: Number(process.env.BENCH_SESSIONS ?? 10_000),
  sessionConcurrency: Number(process.env.BENCH_SESSION_CONCURRENCY ?? 32),
  starts: Number(process.env.BENCH_STARTS ?? 10),
};
/** Which parts to run, e.g. `BENCH_PARTS=stdio,start`. Default: all. */
const parts = new Set(
  (process.env.BENCH_PARTS ?? 'stdio,http,floor,sessions,start,startup,observability')
    .split(',')
    .map((p) => p.trim()),
);

const loadAtStart = loadavg()[0]!;
const serveHelp = execFileSync(process.execPath, [cliPath, 'serve', '--help'], { encoding: 'utf8' });
const hasHttp = /--http\b/.test(serveHelp);

const upstream = await startUpstreamProcess();
/** The sizes of the three throughput parts (`http`, `floor`, `observability`). */
const throughputSizes = {
  upstreamUrl: upstream.url,
  rounds: sizes.rounds,
  callsPerRound: sizes.httpCalls,
  warmupCalls: Math.min(2000, sizes.httpCalls),
  concurrency: sizes.concurrency,
};
let start: StartLatencyResult | undefined;
let stdio: StdioOverheadResult | undefined;
let throughput: HttpThroughputResult | undefined;
let floor: CallFloorResult | undefined;
let sessions: HttpSessionsResult | undefined;
let startUp: StartUpCostsResult | undefined;
let observability: ObservabilityOverheadResult | undefined;
const skipped: string[] = [];
try {
  if (parts.has('startup'))
    startUp = await benchStartUpCosts({ upstreamUrl: upstream.url, runs: sizes.starts });
  if (parts.has('start')) start = await benchStartLatency({ upstreamUrl: upstream.url, runs: sizes.starts });
  if (parts.has('stdio'))
    stdio = await benchStdioOverhead({
      upstreamUrl: upstream.url,
      rounds: sizes.rounds,
      callsPerRound: sizes.stdioCalls,
      warmupCalls: Math.min(500, sizes.stdioCalls),
    });
  if (parts.has('http') && !hasHttp)
    skipped.push('(2) HTTP throughput: `exai serve --help` offers no --http');
  else if (parts.has('http')) throughput = await benchHttpThroughput(throughputSizes);
  if (parts.has('floor') && hasHttp) floor = await benchCallFloor(throughputSizes);
  if (parts.has('sessions') && !hasHttp)
    skipped.push('(3) HTTP sessions: `exai serve --help` offers no --http');
  else if (parts.has('sessions'))
    sessions = await benchHttpSessions({
      upstreamUrl: upstream.url,
      sessions: sizes.sessions,
      concurrency: sizes.sessionConcurrency,
      serverArguments: ['--max-sessions', String(sizes.sessions * 2)],
    });
  if (parts.has('observability') && hasHttp)
    observability = await benchObservabilityOverhead(throughputSizes);
} finally {
  await upstream.stop();
}

const ms = (value: number): string => value.toFixed(3);
const mebibytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const verdict = (met: boolean): string => (met ? 'PASS' : 'MISS');

console.log(
  `bench/mcp — Node ${process.version}, ${cpus().length} CPUs, 1-minute load average ${loadAtStart.toFixed(2)} at the ` +
    `start and ${loadavg()[0]!.toFixed(2)} at the end; fake upstream with no delay in its own process`,
);
console.log('');
console.log('| measurement | value |');
console.log('| --- | ---: |');
if (stdio) {
  const label = `${sizes.stdioCalls} sequential calls, median of ${sizes.rounds} alternating rounds`;
  const rows: Array<[string, string, StdioPair]> = [
    ['no progress token', '`doGenerate`', stdio.plain],
    ['with a progress token', '`doStream`', stdio.progress],
  ];
  for (const [variant, direct, pair] of rows) {
    const { direct: d, stdio: s } = pair;
    console.log(`| (1) direct ${direct} p50 / p99 ms (${label}) | ${ms(d.p50InMs)} / ${ms(d.p99InMs)} |`);
    console.log(
      `| (1) \`chat\` over stdio, ${variant}, p50 / p99 ms | ${ms(s.p50InMs)} / ${ms(s.p99InMs)} |`,
    );
    console.log(
      `| (1) added, ${variant}, p50 / p99 ms | ${ms(s.p50InMs - d.p50InMs)} / ${ms(s.p99InMs - d.p99InMs)} |`,
    );
  }
}
if (throughput) {
  const label = `${sizes.httpCalls} calls per round at concurrency ${sizes.concurrency}, median of ${sizes.rounds} rounds`;
  const row = (name: string, side: ThroughputSide) =>
    console.log(
      `| (2) ${name} calls/s (p50 / p99 ms) | ${Math.round(side.callsPerSecond)} (${ms(side.p50InMs)} / ${ms(side.p99InMs)}) |`,
    );
  row(`keep-alive proxy, plain completion request (${label}),`, throughput.proxy);
  row('`exai serve --http --stateless`, tools/call chat, memory store,', throughput.exai);
  row('`exai serve --http --stateless`, tools/call chat, SQLite store,', throughput.exaiSqlite);
  row('keep-alive proxy, streaming completion request,', throughput.proxyStream);
  console.log(
    `| (2) errors, proxy plain / exai memory / exai SQLite / proxy streaming (all rounds) | ${throughput.proxy.errors} / ${throughput.exai.errors} / ${throughput.exaiSqlite.errors} / ${throughput.proxyStream.errors} |`,
  );
  console.log(
    `| (2) server process CPU per call, proxy plain / exai memory / exai SQLite / proxy streaming, ms | ${ms(throughput.proxy.cpuPerCallInMs)} / ${ms(throughput.exai.cpuPerCallInMs)} / ${ms(throughput.exaiSqlite.cpuPerCallInMs)} / ${ms(throughput.proxyStream.cpuPerCallInMs)} |`,
  );
}
if (floor) {
  const row = (name: string, side: CallFloorSide) =>
    console.log(
      `| (2b) ${name}: calls/s (÷ proxy, median of per-round ratios); CPU per call, main thread / other threads, ms | ${Math.round(side.callsPerSecond)} (${side.ratioToProxy.toFixed(2)}×); ${ms(side.mainThreadCpuPerCallInMs)} / ${ms(side.otherThreadsCpuPerCallInMs)} |`,
    );
  row('keep-alive proxy, plain request', floor.proxy);
  row('essential work of a stateless `chat` call only (`essential-call-process.ts`)', floor.essential);
  row('`exai serve --http --stateless`, memory store', floor.exai);
  console.log(
    `| (2b) errors, proxy / essential / exai (all rounds) | ${floor.proxy.errors} / ${floor.essential.errors} / ${floor.exai.errors} |`,
  );
}
if (sessions) {
  console.log(
    `| (3) stateful sessions opened / reported open | ${sessions.sessions} / ${sessions.reportedOpen} |`,
  );
  console.log(
    `| (3) server RSS before / after, MiB | ${mebibytes(sessions.residentBytesBefore)} / ${mebibytes(sessions.residentBytesAfter)} |`,
  );
  console.log(`| (3) bytes per session | ${Math.round(sessions.bytesPerSession)} |`);
  console.log(`| (3) time to open them all, s | ${(sessions.openingInMs / 1000).toFixed(1)} |`);
}
if (start) {
  console.log(
    `| (4) spawn → initialize response, ms (median of ${sizes.starts}) | ${start.initializeInMs.toFixed(0)} |`,
  );
  console.log(
    `| (4) spawn → tools/list response (${start.toolCount} tools), ms | ${start.toolsListInMs.toFixed(0)} |`,
  );
  console.log(`| (4) bare \`node -e\` spawn → first line echoed, ms | ${start.bareNodeInMs.toFixed(0)} |`);
}
if (startUp) {
  const label = `spawn → exit, median of ${sizes.starts}`;
  console.log(`| (5) \`node -e 0\`, ms (${label}) | ${startUp.bareNodeInMs.toFixed(0)} |`);
  console.log(`| (5) \`import('@exai/core')\`, ms | ${startUp.importCoreInMs.toFixed(0)} |`);
  console.log(`| (5) \`import('@exai/providers')\`, ms | ${startUp.importProvidersInMs.toFixed(0)} |`);
  console.log(`| (5) \`exai --version\`, ms | ${startUp.versionInMs.toFixed(0)} |`);
  console.log(`| (5) \`exai chat\` against the fake upstream, ms | ${startUp.chatInMs.toFixed(0)} |`);
}
console.log('');

if (stdio) {
  for (const [variant, pair] of [
    ['no progress token', stdio.plain],
    ['with a progress token', stdio.progress],
  ] as const) {
    const added = pair.stdio.p50InMs - pair.direct.p50InMs;
    const perRound = pair.addedP50PerRoundInMs.map((value) => ms(value)).join(', ');
    console.log(
      `stdio, ${variant}: chat adds ${ms(added)} ms at p50 over a direct call (per round: ${perRound}; target < 1 ms) — ${verdict(added < 1)}`,
    );
  }
}
if (throughput) {
  const perRound = throughput.ratioPerRound.map((ratio) => ratio.toFixed(2)).join(', ');
  const clean = throughput.exai.errors === 0;
  console.log(
    `HTTP throughput: ${throughput.ratio.toFixed(2)}× the keep-alive proxy forwarding the same plain request (per round: ${perRound}; target ≥ 0.50×, no errors) — ${verdict(throughput.ratio >= 0.5 && clean)}`,
  );
  console.log(
    `  (${throughput.ratioToStreamingProxy.toFixed(2)}× the proxy forwarding a streaming request, for comparison)`,
  );
  const sqliteRounds = throughput.sqliteToMemoryPerRound.map((ratio) => ratio.toFixed(2)).join(', ');
  console.log(
    `HTTP throughput, SQLite store: ${throughput.sqliteToMemory.toFixed(2)}× the memory store (per round: ${sqliteRounds}; target ≥ 0.80×) — ${verdict(throughput.sqliteToMemory >= 0.8 && throughput.exaiSqlite.errors === 0)}; ${throughput.sqliteRatio.toFixed(2)}× the plain proxy`,
  );
  if (throughput.firstError) console.log(`  first error: ${throughput.firstError}`);
}
if (floor) {
  const cpu = (side: CallFloorSide) => side.mainThreadCpuPerCallInMs + side.otherThreadsCpuPerCallInMs;
  console.log(
    `HTTP throughput, where the distance is: the essential work alone makes ${floor.essential.ratioToProxy.toFixed(2)}× the proxy's calls/s and exai ${floor.exai.ratioToProxy.toFixed(2)}×; exai uses ${(cpu(floor.exai) / cpu(floor.essential)).toFixed(1)}× the essential server's CPU per call (${(cpu(floor.exai) / cpu(floor.proxy)).toFixed(1)}× the proxy's)`,
  );
  if (floor.firstError) console.log(`  first error: ${floor.firstError}`);
}
if (sessions) {
  const gibibyte = 1024 ** 3;
  const all = sessions.sessions === sizes.sessions && sessions.reportedOpen === sizes.sessions;
  console.log(
    `${sizes.sessions} stateful sessions: RSS ${mebibytes(sessions.residentBytesAfter)} MiB (target < 1024 MiB, all open) — ${verdict(sessions.residentBytesAfter < gibibyte && all)}`,
  );
}
if (start) {
  console.log(
    `start: spawn → initialize ${start.initializeInMs.toFixed(0)} ms, → tools/list ${start.toolsListInMs.toFixed(0)} ms (target < 500 ms) — ${verdict(start.initializeInMs < 500 && start.toolsListInMs < 500)}`,
  );
}
if (startUp) {
  const overNode = (value: number) => (value - startUp!.bareNodeInMs).toFixed(0);
  console.log(
    `start-up: import('@exai/core') ${startUp.importCoreInMs.toFixed(0)} ms (${overNode(startUp.importCoreInMs)} ms over \`node -e 0\`; target < 150 ms) — ${verdict(startUp.importCoreInMs < 150)}`,
  );
  console.log(
    `start-up: import('@exai/providers') ${startUp.importProvidersInMs.toFixed(0)} ms (${overNode(startUp.importProvidersInMs)} ms over \`node -e 0\`; target < 200 ms) — ${verdict(startUp.importProvidersInMs < 200)}`,
  );
  console.log(
    `start-up: exai chat ${startUp.chatToVersion.toFixed(2)}× exai --version (median of per-round ratios; target < 2.5×) — ${verdict(startUp.chatToVersion < 2.5)}`,
  );
}
if (observability) {
  console.log(
    `| (6) tools/call chat, stateless, logging info + metrics on / all off, calls/s | ${observability.onCallsPerSecond.toFixed(0)} / ${observability.offCallsPerSecond.toFixed(0)} |`,
  );
  console.log(`| (6) errors (all rounds) | ${observability.errors} |`);
  console.log(
    `observability: ${observability.ratio.toFixed(2)}× with logging at info and metrics on against all off (median of per-round ratios ${observability.ratioPerRound.map((r) => r.toFixed(2)).join(', ')}; target ≥ 0.9×) — ${verdict(observability.ratio >= 0.9)}`,
  );
}
for (const line of skipped) console.log(`skipped ${line}`);
