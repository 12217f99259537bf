// (2) `tools/call chat` JSON-RPC POSTs at concurrency 64 against `exai serve --http --stateless`
// (memory store, and SQLite store in a temporary file), against a minimal node:http keep-alive proxy
// forwarding a chat completion to the same upstream; one load generator drives all, in alternating rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../support/measure.js';
import { cpuTimeInMsOf, startExaiHttp } from './exai-process.js';
import {
  createLoadGenerator,
  type LoadGenerator,
  type LoadResult,
  type ThroughputBenchOptions,
} from './load-generator.js';
import { startKeepAliveProxy } from './start-proxy.js';
import { chatCallTarget, proxyCallTarget } from './chat-call-target.js';

export interface ThroughputSide {
  callsPerSecond: number;
  p50InMs: number;
  p99InMs: number;
  errors: number;
  /** CPU time (user + system) the server process used per call, over all measured rounds. */
  cpuPerCallInMs: number;
}

export interface HttpThroughputResult {
  /** The proxy forwarding a plain completion request: what `chat` sends upstream without a progress token. */
  proxy: ThroughputSide;
  exai: ThroughputSide;
  /** The same server with the SQLite store (a temporary file). */
  exaiSqlite: ThroughputSide;
  /** The proxy forwarding a streaming completion request. */
  proxyStream: ThroughputSide;
  /** Median over rounds of exai calls/s divided by the (plain) proxy's in the same round. */
  ratio: number;
  ratioPerRound: number[];
  /** The same against the streaming proxy. */
  ratioToStreamingProxy: number;
  /** Median over rounds of the SQLite server's calls/s divided by the memory server's. */
  sqliteToMemory: number;
  sqliteToMemoryPerRound: number[];
  /** The SQLite server's calls/s divided by the (plain) proxy's, median over rounds. */
  sqliteRatio: number;
  firstError: string | undefined;
}

function side(rounds: readonly LoadResult[], cpuInMs: number, calls: number): ThroughputSide {
  return {
    cpuPerCallInMs: cpuInMs / calls,
    callsPerSecond: median(rounds.map((round) => round.callsPerSecond)),
    p50InMs: median(rounds.map((round) => round.p50InMs)),
    p99InMs: median(rounds.map((round) => round.p99InMs)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
  };
}

export async function benchHttpThroughput({
  upstreamUrl,
  rounds,
  callsPerRound,
  warmupCalls,
  concurrency,
}: ThroughputBenchOptions): Promise<HttpThroughputResult> {
  const proxy = await startKeepAliveProxy(upstreamUrl);
  const exai = await startExaiHttp(upstreamUrl, ['--stateless']);
  const sqliteFolder = mkdtempSync(join(tmpdir(), 'exai-bench-sqlite-'));
  const exaiSqlite = await startExaiHttp(upstreamUrl, ['--stateless'], {
    EXAI_STORE: `sqlite:${join(sqliteFolder, 'exai.db')}`,
  });
  // A plain (non-streaming) completion, as `chat` requests when the client sent no progress token.
  const proxyLoad = createLoadGenerator(proxyCallTarget(proxy.url), { connections: concurrency });
  // For comparison: a streaming completion, as `chat` requests when progress was asked for.
  const proxyStreamLoad = createLoadGenerator(proxyCallTarget(proxy.url, { stream: true }), {
    connections: concurrency,
  });
  const exaiLoad = createLoadGenerator(chatCallTarget(exai.url), { connections: concurrency });
  const exaiSqliteLoad = createLoadGenerator(chatCallTarget(exaiSqlite.url), { connections: concurrency });
  try {
    for (const load of [proxyLoad, exaiLoad, exaiSqliteLoad, proxyStreamLoad]) {
      const warm = await load.run(warmupCalls);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const proxyRounds: LoadResult[] = [];
    const exaiRounds: LoadResult[] = [];
    const exaiSqliteRounds: LoadResult[] = [];
    const proxyStreamRounds: LoadResult[] = [];
    const cpuInMs = { proxy: 0, exai: 0, exaiSqlite: 0, proxyStream: 0 };
    const measure = async (
      load: LoadGenerator,
      pid: number,
      into: LoadResult[],
      key: keyof typeof cpuInMs,
    ) => {
      const cpuBefore = cpuTimeInMsOf(pid);
      into.push(await load.run(callsPerRound));
      cpuInMs[key] += cpuTimeInMsOf(pid) - cpuBefore;
    };
    for (let round = 0; round < rounds; round++) {
      await measure(proxyLoad, proxy.pid, proxyRounds, 'proxy');
      await measure(exaiLoad, exai.pid, exaiRounds, 'exai');
      await measure(exaiSqliteLoad, exaiSqlite.pid, exaiSqliteRounds, 'exaiSqlite');
      await measure(proxyStreamLoad, proxy.pid, proxyStreamRounds, 'proxyStream');
    }
    const measuredCalls = rounds * callsPerRound;
    const ratios = (baseline: readonly LoadResult[], of: readonly LoadResult[] = exaiRounds) =>
      of.map((round, index) => round.callsPerSecond / baseline[index]!.callsPerSecond);
    const ratioPerRound = ratios(proxyRounds);
    const sqliteToMemoryPerRound = ratios(exaiRounds, exaiSqliteRounds);
    return {
      proxy: side(proxyRounds, cpuInMs.proxy, measuredCalls),
      exai: side(exaiRounds, cpuInMs.exai, measuredCalls),
      exaiSqlite: side(exaiSqliteRounds, cpuInMs.exaiSqlite, measuredCalls),
      proxyStream: side(proxyStreamRounds, cpuInMs.proxyStream, measuredCalls),
      ratio: median(ratioPerRound),
      ratioPerRound,
      ratioToStreamingProxy: median(ratios(proxyStreamRounds)),
      sqliteToMemory: median(sqliteToMemoryPerRound),
      sqliteToMemoryPerRound,
      sqliteRatio: median(ratios(proxyRounds, exaiSqliteRounds)),
      firstError: [...proxyRounds, ...exaiRounds, ...exaiSqliteRounds, ...proxyStreamRounds].find(
        (round) => round.firstError,
      )?.firstError,
    };
  } finally {
    await proxyLoad.close();
    await proxyStreamLoad.close();
    await exaiLoad.close();
    await exaiSqliteLoad.close();
    await exai.stop();
    await exaiSqlite.stop();
    rmSync(sqliteFolder, { recursive: true, force: true });
    await proxy.stop();
  }
}
