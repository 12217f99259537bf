// (2b) Where the HTTP throughput target's distance comes from: stateless `tools/call chat` on the
// memory store beside the keep-alive proxy (the floor of any server in front of the upstream) and
// beside a server that does only the call's essential work (`essential-call-process.ts`), in
// alternating rounds, with each server's CPU per call split into its main thread and its other
// threads (the garbage collector's helpers, mostly).
import { median } from '../support/measure.js';
import { startExaiHttp, threadCpuTimeInMsOf } from './exai-process.js';
import { chatCallTarget, proxyCallTarget } from './chat-call-target.js';
import { createLoadGenerator, type LoadGenerator, type ThroughputBenchOptions } from './load-generator.js';
import { startEssentialCallServer, startKeepAliveProxy } from './start-proxy.js';

export interface CallFloorSide {
  callsPerSecond: number;
  /** Median over rounds of this side's calls/s divided by the proxy's in the same round. */
  ratioToProxy: number;
  errors: number;
  mainThreadCpuPerCallInMs: number;
  otherThreadsCpuPerCallInMs: number;
}

export interface CallFloorResult {
  proxy: CallFloorSide;
  essential: CallFloorSide;
  exai: CallFloorSide;
  firstError: string | undefined;
}

export async function benchCallFloor({
  upstreamUrl,
  rounds,
  callsPerRound,
  warmupCalls,
  concurrency,
}: ThroughputBenchOptions): Promise<CallFloorResult> {
  const proxy = await startKeepAliveProxy(upstreamUrl);
  const essential = await startEssentialCallServer(upstreamUrl);
  const exai = await startExaiHttp(upstreamUrl, ['--stateless']);
  const sides: Array<{ name: keyof Omit<CallFloorResult, 'firstError'>; pid: number; load: LoadGenerator }> =
    [
      {
        name: 'proxy',
        pid: proxy.pid,
        load: createLoadGenerator(proxyCallTarget(proxy.url), { connections: concurrency }),
      },
      {
        name: 'essential',
        pid: essential.pid,
        load: createLoadGenerator(chatCallTarget(essential.url), { connections: concurrency }),
      },
      {
        name: 'exai',
        pid: exai.pid,
        load: createLoadGenerator(chatCallTarget(exai.url), { connections: concurrency }),
      },
    ];
  try {
    for (const { load } of sides) {
      const warm = await load.run(warmupCalls);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const measured = sides.map(() => ({ callsPerSecond: [] as number[], errors: 0, main: 0, others: 0 }));
    let firstError: string | undefined;
    for (let round = 0; round < rounds; round++) {
      for (const [index, { pid, load }] of sides.entries()) {
        const before = threadCpuTimeInMsOf(pid);
        const result = await load.run(callsPerRound);
        const after = threadCpuTimeInMsOf(pid);
        const into = measured[index]!;
        into.callsPerSecond.push(result.callsPerSecond);
        into.errors += result.errors;
        into.main += after.mainThread - before.mainThread;
        into.others += after.otherThreads - before.otherThreads;
        firstError ??= result.firstError;
      }
    }
    const calls = rounds * callsPerRound;
    const proxyRounds = measured[0]!.callsPerSecond;
    const side = (index: number): CallFloorSide => {
      const { callsPerSecond, errors, main, others } = measured[index]!;
      return {
        callsPerSecond: median(callsPerSecond),
        ratioToProxy: median(callsPerSecond.map((value, round) => value / proxyRounds[round]!)),
        errors,
        mainThreadCpuPerCallInMs: main / calls,
        otherThreadsCpuPerCallInMs: others / calls,
      };
    };
    return { proxy: side(0), essential: side(1), exai: side(2), firstError };
  } finally {
    for (const { load } of sides) await load.close();
    await exai.stop();
    await essential.stop();
    await proxy.stop();
  }
}
