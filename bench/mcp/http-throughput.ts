// (2) `tools/call chat` JSON-RPC POSTs at concurrency 64 against `exai serve --http --stateless`,
// against a minimal node:http keep-alive proxy forwarding a chat completion to the same upstream;
// the same load generator drives both, in alternating rounds.
import { median } from '../support/measure.js';
import {
  chatPrompt,
  chatCallMessage,
  cpuTimeInMsOf,
  fakeUpstreamReply,
  kimiModelId,
  startExaiHttp,
} from './exai-process.js';
import { isToolSuccess, readJsonRpcAnswer } from './json-rpc-answer.js';
import { createLoadGenerator, type LoadGenerator, type LoadResult } from './load-generator.js';
import { startKeepAliveProxy } from './start-proxy.js';

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
  /** The proxy forwarding a streaming completion request. */
  proxyStream: ThroughputSide;
  /** Median over rounds of exai calls/s divided by the (plain) proxy's in the same round. */
  ratio: number;
  ratioPerRound: number[];
  /** The same against the streaming proxy. */
  ratioToStreamingProxy: number;
  firstError: string | undefined;
}

const mcpHeaders = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2025-06-18',
};

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
}: {
  upstreamUrl: string;
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
  concurrency: number;
}): Promise<HttpThroughputResult> {
  const proxy = await startKeepAliveProxy(upstreamUrl);
  const exai = await startExaiHttp(upstreamUrl, ['--stateless']);
  const proxyTarget = (stream: boolean) => ({
    url: proxy.url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: kimiModelId,
      messages: [{ role: 'user', content: chatPrompt }],
      ...(stream && { stream: true }),
    }),
    check: (status: number, _contentType: string, body: string) =>
      status === 200 && body.includes(stream ? 'data: [DONE]' : fakeUpstreamReply),
  });
  // A plain (non-streaming) completion, as `chat` requests when the client sent no progress token.
  const proxyLoad = createLoadGenerator(proxyTarget(false), { connections: concurrency });
  // For comparison: a streaming completion, as `chat` requests when progress was asked for.
  const proxyStreamLoad = createLoadGenerator(proxyTarget(true), { connections: concurrency });
  const exaiLoad = createLoadGenerator(
    {
      url: exai.url,
      headers: mcpHeaders,
      body: JSON.stringify(chatCallMessage(1)),
      check: (status, contentType, body) =>
        status === 200 && isToolSuccess(readJsonRpcAnswer(contentType, body), fakeUpstreamReply),
    },
    { connections: concurrency },
  );
  try {
    for (const load of [proxyLoad, exaiLoad, proxyStreamLoad]) {
      const warm = await load.run(warmupCalls);
      if (warm.errors > 0) throw new Error(`warm-up failed (${warm.errors} errors): ${warm.firstError}`);
    }
    const proxyRounds: LoadResult[] = [];
    const exaiRounds: LoadResult[] = [];
    const proxyStreamRounds: LoadResult[] = [];
    const cpuInMs = { proxy: 0, exai: 0, proxyStream: 0 };
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
      await measure(proxyStreamLoad, proxy.pid, proxyStreamRounds, 'proxyStream');
    }
    const measuredCalls = rounds * callsPerRound;
    const ratios = (baseline: readonly LoadResult[]) =>
      exaiRounds.map((round, index) => round.callsPerSecond / baseline[index]!.callsPerSecond);
    const ratioPerRound = ratios(proxyRounds);
    return {
      proxy: side(proxyRounds, cpuInMs.proxy, measuredCalls),
      exai: side(exaiRounds, cpuInMs.exai, measuredCalls),
      proxyStream: side(proxyStreamRounds, cpuInMs.proxyStream, measuredCalls),
      ratio: median(ratioPerRound),
      ratioPerRound,
      ratioToStreamingProxy: median(ratios(proxyStreamRounds)),
      firstError: [...proxyRounds, ...exaiRounds, ...proxyStreamRounds].find((round) => round.firstError)
        ?.firstError,
    };
  } finally {
    await proxyLoad.close();
    await proxyStreamLoad.close();
    await exaiLoad.close();
    await exai.stop();
    await proxy.stop();
  }
}
