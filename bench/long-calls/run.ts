// `npm run bench:long-calls`: thousands of concurrent long `chat` calls over HTTP, each streaming
// one chunk every BENCH_CHUNK_INTERVAL_MS (default 2 s) for BENCH_CALL_SECONDS (default 60), at
// each concurrency in BENCH_LONG_CALLS (default 200,2000). Reports, per concurrency, the server's
// resident memory and CPU per in-flight call and how late progress notifications came (the
// promise: one at least every 5 s), and the larger run's ratios against the smaller one. Calls
// start BENCH_RAMP_PER_SECOND a second (default 50: a burst faster than the server can set calls
// up only measures its backlog), so all are in flight from the end of the ramp until the first ends.
// BENCH_LONG_CALLS_MODE picks the HTTP mode(s): `stateless` (default), `session` (each call a
// client with a session of its own), or `stateless,session`.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExaiHttp } from '../mcp/exai-process.js';
import { runLongCalls, type LongCallsMode, type LongCallsResult } from './long-call-load.js';

const concurrencies = (process.env.BENCH_LONG_CALLS ?? '200,2000').split(',').map(Number);
const progressIntervalInMs = 5_000;
const callInMs = Number(process.env.BENCH_CALL_SECONDS ?? 60) * 1000;
const rampPerSecond = Number(process.env.BENCH_RAMP_PER_SECOND ?? 50);
const modes = (process.env.BENCH_LONG_CALLS_MODE ?? 'stateless').split(',') as LongCallsMode[];
for (const mode of modes) {
  if (mode !== 'stateless' && mode !== 'session')
    throw new Error(`BENCH_LONG_CALLS_MODE: unknown mode "${mode}" (use stateless, session or both)`);
}

async function startLongUpstream(): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./long-upstream-process.ts', import.meta.url)),
    [],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake upstream exited early (${code})`)));
  });
  return { url, stop: () => child.kill('SIGKILL') };
}

const directory = mkdtempSync(join(tmpdir(), 'exai-long-calls-'));
// The bulkhead and the connection pool follow the largest run, so neither is the limit measured.
const largest = Math.max(...concurrencies);
const configPath = join(directory, 'exai.config.json');
writeFileSync(configPath, JSON.stringify({ providers: { kimi: { maxConcurrent: largest + 100 } } }));

const results: LongCallsResult[] = [];
try {
  for (const mode of modes) {
    for (const calls of concurrencies) {
      const upstream = await startLongUpstream();
      const modeArguments =
        mode === 'stateless' ? ['--stateless'] : ['--max-sessions', String(Math.max(1000, calls + 200))];
      const memoryFile = join(directory, `memory-${mode}-${calls}.json`);
      // The server reports its V8 heap beside the RSS read from /proc (memory-report-preload.mjs).
      const server = await startExaiHttp(upstream.url, modeArguments, {
        EXAI_CONFIG: configPath,
        EXAI_BENCH_MEMORY_FILE: memoryFile,
        NODE_OPTIONS: `--import=${new URL('./memory-report-preload.mjs', import.meta.url).href}`,
      });
      try {
        const result = await runLongCalls({
          mode,
          memoryFile,
          server,
          calls,
          progressIntervalInMs,
          callInMs,
          rampPerSecond,
        });
        results.push(result);
        console.log(JSON.stringify(result));
      } finally {
        await server.stop();
        upstream.stop();
      }
    }
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `\nlong calls (${process.env.BENCH_CALL_SECONDS ?? 60} s each, a chunk every ` +
    `${process.env.BENCH_CHUNK_INTERVAL_MS ?? 2000} ms, progress promised every ${progressIntervalInMs / 1000} s)`,
);
console.log(`calls started ${rampPerSecond}/s`);
console.log(
  'mode | calls | completed | wall s | RSS/call | peak RSS/call | heap total/call | heap used/call | CPU ms/call | lag p50 ms | lag p99 ms | first p99 ms | max gap s',
);
for (const r of results) {
  if (Object.keys(r.failures).length > 0)
    console.log(`${r.mode}, ${r.calls} calls: failures ${JSON.stringify(r.failures)}`);
  console.log(
    `${r.mode} | ${r.calls} | ${r.completed} | ${(r.wallInMs / 1000).toFixed(1)} | ${kib(r.residentBytesPerCall)} | ` +
      `${kib(r.peakResidentBytesPerCall)} | ${kib(r.heapTotalBytesPerCall ?? NaN)} | ${kib(r.heapUsedBytesPerCall ?? NaN)} | ${r.cpuInMsPerCall.toFixed(2)} | ${r.lagP50InMs.toFixed(0)} | ` +
      `${r.lagP99InMs.toFixed(0)} | ${r.firstP99InMs.toFixed(0)} | ${(r.maxGapInMs / 1000).toFixed(2)}`,
  );
}
for (const mode of modes) {
  const ofMode = results.filter((r) => r.mode === mode);
  const [small, large] = [ofMode[0], ofMode.at(-1)];
  if (small === undefined || large === undefined || large === small) continue;
  console.log(
    `${mode} ratios ${large.calls} vs ${small.calls}: RSS/call ×${(large.residentBytesPerCall / small.residentBytesPerCall).toFixed(2)}, ` +
      `CPU/call ×${(large.cpuInMsPerCall / small.cpuInMsPerCall).toFixed(2)}, ` +
      `lag p99 ${small.lagP99InMs.toFixed(0)} → ${large.lagP99InMs.toFixed(0)} ms`,
  );
}
const missed = results.filter((r) => r.lagP99InMs >= 1_000 || r.residentBytesPerCall >= 100 * 1024);
if (missed.length > 0)
  console.log(
    `target missed (lag p99 < 1 s, < 100 KB RSS per call) at ${missed.map((r) => `${r.mode} ${r.calls}`).join(', ')} calls`,
  );
