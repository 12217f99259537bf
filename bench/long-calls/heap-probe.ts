// `npx tsx bench/long-calls/heap-probe.ts`: where the memory of long calls goes. Starts the server
// as run.ts does, warms it up, then writes a V8 heap snapshot of it idle and another with
// BENCH_PROBE_CALLS (default 300) long calls in flight, into BENCH_PROBE_DIR (default a new temp
// directory), and prints its resident set, V8 heap, external memory and array buffers at both
// points. Compare the snapshots in Chrome DevTools (Memory → Comparison) or with
// `npx tsx bench/long-calls/summarize-heap.ts idle.heapsnapshot loaded.heapsnapshot <calls>`.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startExaiHttp } from '../mcp/exai-process.js';
import { longCall } from './long-call-load.js';

const calls = Number(process.env.BENCH_PROBE_CALLS ?? 300);
/** `BENCH_PROBE_SNAPSHOTS=0`: memory figures only (a snapshot of thousands of calls is large and slow). */
const snapshots = process.env.BENCH_PROBE_SNAPSHOTS !== '0';
const rampPerSecond = Number(process.env.BENCH_RAMP_PER_SECOND ?? 50);
const directory = process.env.BENCH_PROBE_DIR ?? mkdtempSync(join(tmpdir(), 'exai-heap-probe-'));
const memoryFile = join(directory, 'memory.json');
const preload = new URL('./memory-report-preload.mjs', import.meta.url).href;

async function startLongUpstream(): Promise<ChildProcess & { url: string }> {
  const child = fork(fileURLToPath(new URL('./long-upstream-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve) =>
    child.once('message', (message) => resolve((message as { url: string }).url)),
  );
  return Object.assign(child, { url });
}

/** Signals the server to write a heap snapshot and waits until the file is complete. */
async function snapshot(pid: number, name: string): Promise<string> {
  const before = new Set(readdirSync(directory));
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    await sleep(500);
    const file = readdirSync(directory).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (file === undefined) continue;
    const size = statSync(join(directory, file)).size;
    await sleep(1_000);
    if (statSync(join(directory, file)).size !== size || size === 0) continue;
    const target = join(directory, `${name}.heapsnapshot`);
    await import('node:fs/promises').then(({ rename }) => rename(join(directory, file), target));
    return target;
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
function memoryLine(label: string, resident: number): string {
  const usage = existsSync(memoryFile)
    ? (JSON.parse(readFileSync(memoryFile, 'utf8')) as NodeJS.MemoryUsage)
    : undefined;
  return (
    `${label}: rss ${mib(resident)}` +
    (usage === undefined
      ? ''
      : `, heapTotal ${mib(usage.heapTotal)}, heapUsed ${mib(usage.heapUsed)}, external ${mib(usage.external)}, ` +
        `arrayBuffers ${mib(usage.arrayBuffers)}`)
  );
}

const configPath = join(directory, 'exai.config.json');
writeFileSync(configPath, JSON.stringify({ providers: { kimi: { maxConcurrent: calls + 100 } } }));
const upstream = await startLongUpstream();
const server = await startExaiHttp(upstream.url, ['--stateless'], {
  EXAI_CONFIG: configPath,
  EXAI_BENCH_MEMORY_FILE: memoryFile,
  NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${directory} --import=${preload}`,
});
const url = new URL(server.url);
const pool = new Pool(url.origin, { connections: calls + 10, keepAliveTimeout: 120_000 });
try {
  for (let round = 0; round < 3; round += 1) {
    await Promise.all(
      Array.from({ length: 100 }, (_, index) => longCall(pool, url.pathname, -index - 1, [], 'warm-up')),
    );
  }
  await sleep(2_000);
  console.log(memoryLine('idle', server.residentBytes()));
  const idle = snapshots ? await snapshot(server.pid, 'idle') : undefined;
  await sleep(1_000);
  if (snapshots) console.log(memoryLine('idle, after the snapshot (a full GC)', server.residentBytes()));
  const running = Array.from({ length: calls }, async (_, index) => {
    await sleep((index / rampPerSecond) * 1000);
    return longCall(pool, url.pathname, index + 1, []).catch(() => false);
  });
  await sleep((calls / rampPerSecond) * 1000 + 10_000);
  for (let sample = 0; sample < 4; sample += 1) {
    console.log(memoryLine(`${calls} in flight`, server.residentBytes()));
    await sleep(2_000);
  }
  if (snapshots) {
    const loaded = await snapshot(server.pid, 'loaded');
    await sleep(1_000);
    console.log(memoryLine(`${calls} in flight, after the snapshot`, server.residentBytes()));
    console.log(`snapshots: ${idle} ${loaded}`);
  }
  void running;
} finally {
  await server.stop();
  upstream.kill('SIGKILL');
  await pool.destroy();
}
process.exit(0);
