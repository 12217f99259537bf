// Two builds of exai on the same stateless `chat` load, each `exai serve --http --stateless` pinned
// to CPU 0 with `taskset` while this process (the load generator) and the fake upstream keep to
// CPU 1, so neither server is descheduled by the load it is measured under. Rounds alternate;
// the ratios are medians of per-round ratios. Usage, from the repository root, after building both
// checkouts:
//
//   npx tsx bench/mcp/compare-builds.ts /path/to/baseline-checkout [/path/to/candidate]
//
// (the candidate defaults to this checkout). BENCH_ROUNDS (6), BENCH_HTTP_CALLS (3000),
// BENCH_CONCURRENCY (64) set the sizes; BENCH_STORE=sqlite gives each server a SQLite file of its
// own instead of the memory store; BENCH_CPU_PROF=<dir> profiles both servers. BENCH_SERVER_CPUS
// (`0`) is the CPU list the servers are pinned to and BENCH_LOAD_CPUS (`1`) this process's;
// BENCH_SERVER_CPUS=all pins nothing, so a server's own threads (and the load) share every CPU as
// in production. Beside each round, `GET /livez` every 10 ms shows how long the server's event
// loop keeps a request waiting.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, percentile } from '../support/measure.js';
import { startUpstreamProcess } from '../support/start-upstream.js';
import {
  cpuTimeInMsOf,
  exaiEnvironment,
  exaiNodeArguments,
  repositoryRoot,
  stopChild,
  waitForLive,
} from './exai-process.js';
import { createLoadGenerator, type LoadGenerator } from './load-generator.js';
import { chatCallTarget } from './chat-call-target.js';

const [baselineArgument, candidateArgument] = process.argv.slice(2);
if (baselineArgument === undefined) {
  console.error('usage: npx tsx bench/mcp/compare-builds.ts <baseline checkout> [<candidate checkout>]');
  process.exit(2);
}
const checkouts = [resolve(baselineArgument), resolve(candidateArgument ?? repositoryRoot)];
for (const checkout of checkouts) {
  if (!existsSync(join(checkout, 'packages/cli/dist'))) {
    console.error(`${checkout} has no built CLI (packages/cli/dist): run \`npm run build\` there first.`);
    process.exit(2);
  }
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const callsPerRound = Number(process.env.BENCH_HTTP_CALLS ?? 3000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const sqlite = process.env.BENCH_STORE === 'sqlite';
const serverCpus = process.env.BENCH_SERVER_CPUS ?? '0';
const pinning = serverCpus === 'all' ? [] : ['taskset', '-c', serverCpus];
if (pinning.length > 0) {
  if (spawnSync('taskset', ['-c', serverCpus, 'true']).status !== 0) {
    console.error(
      `taskset (util-linux) is needed to pin the servers to CPU ${serverCpus} (or BENCH_SERVER_CPUS=all).`,
    );
    process.exit(2);
  }
  // The load generator, and the fake upstream it starts, keep to the other CPU(s).
  spawnSync('taskset', ['-a', '-p', '-c', process.env.BENCH_LOAD_CPUS ?? '1', String(process.pid)]);
}
const folder = mkdtempSync(join(tmpdir(), 'exai-compare-'));

interface Side {
  checkout: string;
  /** The server's origin. */
  url: string;
  child: ChildProcess;
  load: LoadGenerator;
  callsPerSecond: number[];
  cpuPerCallInMs: number[];
  /** `GET /livez` answer times during the rounds, ms: how long the event loop keeps others waiting. */
  livezInMs: number[];
}

/**
 * Asks `/livez` every 10 ms until `done` settles, recording each answer's time (a failed probe as
 * `Infinity`, so it shows in the p99).
 */
async function probeLivez(url: string, done: Promise<unknown>, into: number[]): Promise<void> {
  let finished = false;
  const finish = () => (finished = true);
  done.then(finish, finish);
  while (!finished) {
    const startedAt = performance.now();
    const answered = await fetch(url).then(
      (response) => response.arrayBuffer().then(() => response.ok),
      () => false,
    );
    into.push(answered ? performance.now() - startedAt : Number.POSITIVE_INFINITY);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const upstream = await startUpstreamProcess();
const sides: Side[] = [];
try {
  for (const [index, checkout] of checkouts.entries()) {
    const port = 18_700 + index;
    const [command, ...commandArguments] = [
      ...pinning,
      process.execPath,
      ...exaiNodeArguments,
      join(checkout, 'packages/cli/bin/exai.js'),
      'serve',
      '--http',
      '--stateless',
      '--no-auth',
      '--port',
      String(port),
    ];
    const child = spawn(command!, commandArguments, {
      cwd: checkout,
      env: {
        ...exaiEnvironment(upstream.url),
        ...(sqlite && { EXAI_STORE: `sqlite:${join(folder, `exai-${index}.db`)}` }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.resume();
    await waitForLive(`http://127.0.0.1:${port}/mcp`, child, 30_000);
    const load = createLoadGenerator(chatCallTarget(`http://127.0.0.1:${port}/mcp`), {
      connections: concurrency,
    });
    sides.push({
      checkout,
      url: `http://127.0.0.1:${port}`,
      child,
      load,
      callsPerSecond: [],
      cpuPerCallInMs: [],
      livezInMs: [],
    });
  }
  for (const side of sides) await side.load.run(1000);
  for (let round = 0; round < rounds; round++) {
    for (const side of sides) {
      // `taskset` execs node, so the child's pid is the server's either way.
      const cpuBefore = cpuTimeInMsOf(side.child.pid!);
      const running = side.load.run(callsPerRound);
      const probing = probeLivez(`${side.url}/livez`, running, side.livezInMs);
      const result = await running;
      await probing;
      if (result.errors > 0)
        throw new Error(`${side.checkout}: ${result.errors} errors: ${result.firstError}`);
      side.callsPerSecond.push(result.callsPerSecond);
      side.cpuPerCallInMs.push((cpuTimeInMsOf(side.child.pid!) - cpuBefore) / callsPerRound);
    }
  }
  const [baseline, candidate] = sides as [Side, Side];
  console.log(
    `bench/mcp compare-builds — ${rounds} rounds of ${callsPerRound} stateless chat calls at concurrency ` +
      `${concurrency}, ${sqlite ? 'SQLite' : 'memory'} store, servers ${pinning.length > 0 ? `pinned to CPU ${serverCpus}` : 'not pinned'}`,
  );
  console.log(
    '\n| build | calls/s (median) | server CPU per call, ms (median) | `/livez` under load, p50 / p99 ms | calls/s per round |',
  );
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const side of sides) {
    console.log(
      `| ${side.checkout} | ${Math.round(median(side.callsPerSecond))} | ` +
        `${median(side.cpuPerCallInMs).toFixed(3)} | ` +
        `${percentile(side.livezInMs, 0.5).toFixed(1)} / ${percentile(side.livezInMs, 0.99).toFixed(1)} | ` +
        `${side.callsPerSecond.map(Math.round).join(', ')} |`,
    );
  }
  const perRound = candidate.callsPerSecond.map((value, round) => value / baseline.callsPerSecond[round]!);
  const cpuPerRound = candidate.cpuPerCallInMs.map((value, round) => value / baseline.cpuPerCallInMs[round]!);
  console.log(
    `\ncandidate ÷ baseline: calls/s ${median(perRound).toFixed(2)}× (per round ${perRound
      .map((ratio) => ratio.toFixed(2))
      .join(', ')}), CPU per call ${median(cpuPerRound).toFixed(2)}×`,
  );
} finally {
  for (const side of sides) {
    await side.load.close();
    await stopChild(side.child);
  }
  await upstream.stop();
  rmSync(folder, { recursive: true, force: true });
}
