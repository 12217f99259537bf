// Two builds of exai on the same stateless `chat` load, each `exai serve --http --stateless` pinned
// to CPU 0 with `taskset` while this process (the load generator) and the fake upstream keep to
// CPU 1, so neither server is descheduled by the load it is measured under. Rounds alternate;
// the ratios are medians of per-round ratios. Usage, from the repository root, after building both
// checkouts:
//
//   taskset -c 1 npx tsx bench/mcp/compare-builds.ts /path/to/baseline-checkout [/path/to/candidate]
//
// (the candidate defaults to this checkout). BENCH_ROUNDS (6), BENCH_HTTP_CALLS (3000),
// BENCH_CONCURRENCY (64) set the sizes; BENCH_STORE=sqlite gives each server a SQLite file of its
// own instead of the memory store; BENCH_CPU_PROF=<dir> profiles both servers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../support/measure.js';
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
  console.error(
    'usage: taskset -c 1 npx tsx bench/mcp/compare-builds.ts <baseline checkout> [<candidate checkout>]',
  );
  process.exit(2);
}
const checkouts = [resolve(baselineArgument), resolve(candidateArgument ?? repositoryRoot)];
for (const checkout of checkouts) {
  if (!existsSync(join(checkout, 'packages/cli/dist'))) {
    console.error(`${checkout} has no built CLI (packages/cli/dist): run \`npm run build\` there first.`);
    process.exit(2);
  }
}
if (spawnSync('taskset', ['-c', '0', 'true']).status !== 0) {
  console.error('taskset (util-linux) is needed to pin the servers to CPU 0.');
  process.exit(2);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const callsPerRound = Number(process.env.BENCH_HTTP_CALLS ?? 3000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const sqlite = process.env.BENCH_STORE === 'sqlite';
const folder = mkdtempSync(join(tmpdir(), 'exai-compare-'));

interface Side {
  checkout: string;
  child: ChildProcess;
  load: LoadGenerator;
  callsPerSecond: number[];
  cpuPerCallInMs: number[];
}

const upstream = await startUpstreamProcess();
const sides: Side[] = [];
try {
  for (const [index, checkout] of checkouts.entries()) {
    const port = 18_700 + index;
    const child = spawn(
      'taskset',
      [
        '-c',
        '0',
        process.execPath,
        ...exaiNodeArguments,
        join(checkout, 'packages/cli/bin/exai.js'),
        'serve',
        '--http',
        '--stateless',
        '--no-auth',
        '--port',
        String(port),
      ],
      {
        cwd: checkout,
        env: {
          ...exaiEnvironment(upstream.url),
          ...(sqlite && { EXAI_STORE: `sqlite:${join(folder, `exai-${index}.db`)}` }),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr!.resume();
    await waitForLive(`http://127.0.0.1:${port}/mcp`, child, 30_000);
    const load = createLoadGenerator(chatCallTarget(`http://127.0.0.1:${port}/mcp`), {
      connections: concurrency,
    });
    sides.push({ checkout, child, load, callsPerSecond: [], cpuPerCallInMs: [] });
  }
  for (const side of sides) await side.load.run(1000);
  for (let round = 0; round < rounds; round++) {
    for (const side of sides) {
      // `taskset` execs node, so the child's pid is the server's.
      const cpuBefore = cpuTimeInMsOf(side.child.pid!);
      const result = await side.load.run(callsPerRound);
      if (result.errors > 0)
        throw new Error(`${side.checkout}: ${result.errors} errors: ${result.firstError}`);
      side.callsPerSecond.push(result.callsPerSecond);
      side.cpuPerCallInMs.push((cpuTimeInMsOf(side.child.pid!) - cpuBefore) / callsPerRound);
    }
  }
  const [baseline, candidate] = sides as [Side, Side];
  console.log(
    `bench/mcp compare-builds — ${rounds} rounds of ${callsPerRound} stateless chat calls at concurrency ` +
      `${concurrency}, ${sqlite ? 'SQLite' : 'memory'} store, servers pinned to CPU 0`,
  );
  console.log('\n| build | calls/s (median) | server CPU per call, ms (median) | calls/s per round |');
  console.log('| --- | ---: | ---: | --- |');
  for (const side of sides) {
    console.log(
      `| ${side.checkout} | ${Math.round(median(side.callsPerSecond))} | ` +
        `${median(side.cpuPerCallInMs).toFixed(3)} | ${side.callsPerSecond.map(Math.round).join(', ')} |`,
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
