// Many concurrent long `chat` calls on one `exai serve --http` (stateless, or a session per call),
// each asking for progress, with the server's memory and CPU read from /proc and every
// notification timed.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import {
  chatCallMessage,
  cpuTimeInMsOf,
  initializeMessage,
  type ExaiHttpServer,
} from '../mcp/exai-process.js';
import { percentile } from '../support/measure.js';
import { mcpPostHeaders } from '../mcp/chat-call-target.js';

/**
 * `stateless`: each call is one POST to `exai serve --http --stateless`. `session`: each call is a
 * client of its own on `exai serve --http` — it opens a session (`initialize`), makes the call in
 * it and ends it (DELETE), so what a session holds counts as the call's.
 */
export type LongCallsMode = 'stateless' | 'session';

export interface LongCallsResult {
  mode: LongCallsMode;
  calls: number;
  completed: number;
  wallInMs: number;
  /**
   * (resident set while every call is in flight − resident set before) / calls: the median of the
   * samples taken while all are in flight, after the ramp (no GC is forced).
   */
  residentBytesPerCall: number;
  /** The same with the largest sample (garbage not yet collected included). */
  peakResidentBytesPerCall: number;
  /**
   * The same median for the V8 heap the server reserved (`heapTotal`) and used (`heapUsed`, live
   * objects and garbage not yet collected), when it reports them (see memory-report-preload.mjs).
   */
  heapTotalBytesPerCall?: number;
  heapUsedBytesPerCall?: number;
  /** Server CPU time (user + system) over the run / calls. */
  cpuInMsPerCall: number;
  /** How late each notification came against the promised interval (first one: since the call started). */
  lagP50InMs: number;
  lagP99InMs: number;
  /** When each call's first notification came, from its start. */
  firstP99InMs: number;
  /** The largest gap between two notifications of one call (or before the first). */
  maxGapInMs: number;
  /** Why calls failed, with how many failed so. */
  failures: Record<string, number>;
}

const headers = mcpPostHeaders;

/** One call: POST with a progress token, read the SSE answer, time every notification. */
export async function longCall(
  pool: Pool,
  path: string,
  id: number,
  gaps: number[],
  prompt?: string,
  firsts: number[] = [],
  failures: string[] = [],
  extraHeaders: Record<string, string> = {},
): Promise<boolean> {
  const message = chatCallMessage(id);
  if (prompt !== undefined) (message.params as { arguments: { prompt: string } }).arguments.prompt = prompt;
  (message.params as Record<string, unknown>)._meta = { progressToken: `p${id}` };
  const startedAt = performance.now();
  let last = startedAt;
  let answered = false;
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { ...headers, ...extraHeaders },
    body: JSON.stringify(message),
  });
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += (chunk as Buffer).toString('utf8');
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
      if (!line.startsWith('data:')) continue;
      const parsed = JSON.parse(line.slice(5)) as {
        method?: string;
        result?: { isError?: boolean; content?: Array<{ text?: string }> };
      };
      const now = performance.now();
      if (parsed.method === 'notifications/progress') {
        if (last === startedAt) firsts.push(now - startedAt);
        gaps.push(now - last);
        last = now;
      } else if (parsed.result !== undefined) {
        answered = parsed.result.isError !== true;
        if (!answered) failures.push(parsed.result.content?.[0]?.text?.slice(0, 120) ?? 'tool error');
      }
    }
  }
  return answered;
}

/** A call in a session of its own: `initialize`, the call, then DELETE. */
export async function sessionLongCall(
  pool: Pool,
  path: string,
  id: number,
  gaps: number[],
  prompt?: string,
  firsts: number[] = [],
  failures: string[] = [],
): Promise<boolean> {
  const opened = await pool.request({
    path,
    method: 'POST',
    headers,
    body: JSON.stringify(initializeMessage(0)),
  });
  await opened.body.text();
  const sessionId = opened.headers['mcp-session-id'];
  if (typeof sessionId !== 'string')
    throw new Error(`initialize answered ${opened.statusCode} without a session`);
  const session = { 'mcp-session-id': sessionId };
  const initialized = await pool.request({
    path,
    method: 'POST',
    headers: { ...headers, ...session },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await initialized.body.text();
  try {
    return await longCall(pool, path, id, gaps, prompt, firsts, failures, session);
  } finally {
    const closed = await pool.request({ path, method: 'DELETE', headers: { ...headers, ...session } });
    await closed.body.text();
  }
}

/** The server's `process.memoryUsage()` as memory-report-preload.mjs last wrote it. */
export function readMemoryReport(file: string | undefined): NodeJS.MemoryUsage | undefined {
  if (file === undefined || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
  } catch {
    return undefined; // caught mid-write
  }
}

export async function runLongCalls({
  mode,
  memoryFile,
  server,
  calls,
  progressIntervalInMs,
  callInMs,
  rampPerSecond,
}: {
  mode: LongCallsMode;
  /** Where the server writes its memory use (memory-report-preload.mjs), if it does. */
  memoryFile?: string;
  server: ExaiHttpServer;
  calls: number;
  progressIntervalInMs: number;
  /** How long one call lasts, to know when all are in flight. */
  callInMs: number;
  /** Calls started per second (a burst of thousands of connections overflows accept queues). */
  rampPerSecond: number;
}): Promise<LongCallsResult> {
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: calls + 10, keepAliveTimeout: 120_000 });
  const call = mode === 'session' ? sessionLongCall : longCall;
  try {
    // Warm up (code compiled, pools filled) so the baseline holds what any number of calls shares.
    const warmUpGaps: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          call(pool, url.pathname, -index - 1, warmUpGaps, 'warm-up'),
        ),
      );
    }
    await sleep(1_000);
    const residentBefore = server.residentBytes();
    const heapBefore = readMemoryReport(memoryFile);
    const cpuBefore = cpuTimeInMsOf(server.pid);
    const samples: Array<{ at: number; bytes: number; heap?: NodeJS.MemoryUsage }> = [];
    const startedAt = performance.now();
    const sampler = setInterval(() => {
      const heap = readMemoryReport(memoryFile);
      samples.push({
        at: performance.now() - startedAt,
        bytes: server.residentBytes(),
        ...(heap && { heap }),
      });
    }, 500);
    const gaps: number[] = [];
    const firsts: number[] = [];
    const failures: string[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: calls }, async (_, index) => {
        await sleep((index / rampPerSecond) * 1000);
        return call(pool, url.pathname, index + 1, gaps, undefined, firsts, failures).catch(
          (error: unknown) => {
            failures.push(error instanceof Error ? error.message : String(error));
            return false;
          },
        );
      }),
    );
    const wallInMs = performance.now() - startedAt;
    clearInterval(sampler);
    const cpuInMs = cpuTimeInMsOf(server.pid) - cpuBefore;
    // All calls are in flight from the end of the ramp until the first ends.
    const rampInMs = (calls / rampPerSecond) * 1000;
    const plateauFrom = rampInMs + (callInMs - rampInMs) * 0.2;
    const plateauSamples = samples.filter(({ at }) => at >= plateauFrom && at <= callInMs * 0.9);
    const plateau = plateauSamples.map(({ bytes }) => bytes);
    const heapPerCall = (field: 'heapTotal' | 'heapUsed') => {
      const values = plateauSamples.flatMap(({ heap }) => (heap === undefined ? [] : [heap[field]]));
      if (heapBefore === undefined || values.length === 0) return undefined;
      return (percentile(values, 0.5) - heapBefore[field]) / calls;
    };
    const [heapTotalBytesPerCall, heapUsedBytesPerCall] = [heapPerCall('heapTotal'), heapPerCall('heapUsed')];
    const peak = Math.max(residentBefore, ...samples.map(({ bytes }) => bytes));
    if (plateau.length === 0) plateau.push(peak);
    const lags = gaps.map((gap) => Math.max(0, gap - progressIntervalInMs));
    return {
      mode,
      calls,
      completed: outcomes.filter(Boolean).length,
      wallInMs,
      residentBytesPerCall: (percentile(plateau, 0.5) - residentBefore) / calls,
      peakResidentBytesPerCall: (peak - residentBefore) / calls,
      ...(heapTotalBytesPerCall !== undefined && { heapTotalBytesPerCall }),
      ...(heapUsedBytesPerCall !== undefined && { heapUsedBytesPerCall }),
      cpuInMsPerCall: cpuInMs / calls,
      lagP50InMs: percentile(lags, 0.5),
      lagP99InMs: percentile(lags, 0.99),
      firstP99InMs: percentile(firsts, 0.99),
      maxGapInMs: Math.max(...gaps),
      failures: Object.fromEntries(
        [...new Set(failures)].map((reason) => [reason, failures.filter((f) => f === reason).length]),
      ),
    };
  } finally {
    await pool.close();
  }
}
