// Spawning the built `exai` CLI the way an MCP client or an operator would.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../packages/cli/bin/exai.js', import.meta.url));

/**
 * Node flags for every spawned `exai`: `BENCH_CPU_PROF=<dir>` writes a CPU profile per process
 * (on a clean exit) into that directory, sampled every `BENCH_CPU_PROF_INTERVAL` µs when set (Node's
 * default is 1000).
 */
export const exaiNodeArguments: string[] = process.env.BENCH_CPU_PROF
  ? [
      '--cpu-prof',
      `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
      ...(process.env.BENCH_CPU_PROF_INTERVAL
        ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL}`]
        : []),
    ]
  : [];

/** The model every call names; the fake upstream answers any model id. */
export const kimiModelId = 'kimi-k2-0905-preview';
export const chatModel = `kimi:${kimiModelId}`;
export const chatPrompt = 'Say hello.';
/** What the fake upstream answers by default. */
export const fakeUpstreamReply = 'Hello from the fake upstream.';

/**
 * A minimal environment: the memory store, Kimi pointed at the fake upstream, no other provider
 * keys and no configuration file from the user's home.
 */
export function exaiEnvironment(upstreamUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    EXAI_STORE: 'memory',
    KIMI_API_KEY: 'x',
    KIMI_BASE_URL: `${upstreamUrl}/v1`,
  };
}

/** The `tools/call chat` request every benchmark sends. */
export function chatCallMessage(id: number | string): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'chat', arguments: { prompt: chatPrompt, model: chatModel } },
  };
}

export function initializeMessage(id: number | string): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'exai-bench', version: '0.0.0' },
    },
  };
}

export interface ExaiHttpServer {
  url: string;
  pid: number;
  /** Resident set size of the server process, from /proc/<pid>/status. */
  residentBytes(): number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now, for a server that prints no banner to read it from. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Polls `GET /livez` until the server answers (a silent server prints no start-up line). */
export async function waitForLive(url: string, child: ChildProcess, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exai serve --http exited early (${child.exitCode})`);
    const live = await fetch(url.replace(/\/mcp$/, '/livez')).then(
      (response) => response.ok,
      () => false,
    );
    if (live) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`exai serve --http did not answer /livez within ${timeoutInMs} ms`);
}

/**
 * Starts `exai serve --http …` and resolves with its URL: read from the start-up line on stderr, or,
 * with `EXAI_LOG_LEVEL=silent` (no start-up line), on a port chosen here and polled until live.
 */
export async function startExaiHttp(
  upstreamUrl: string,
  extraArguments: string[],
  extraEnvironment: Record<string, string> = {},
): Promise<ExaiHttpServer> {
  const silent = extraEnvironment.EXAI_LOG_LEVEL === 'silent';
  const port = silent ? await freePort() : 0;
  const child = spawn(
    process.execPath,
    [
      ...exaiNodeArguments,
      cliPath,
      'serve',
      '--http',
      '--port',
      String(port),
      '--no-auth',
      ...extraArguments,
    ],
    {
      cwd: repositoryRoot,
      env: { ...exaiEnvironment(upstreamUrl), ...extraEnvironment },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const startTimeoutInMs = 30_000;
  const url = silent
    ? await (async () => {
        // Keep draining stderr so the server never blocks on it.
        child.stderr!.resume();
        const silentUrl = `http://127.0.0.1:${port}/mcp`;
        await waitForLive(silentUrl, child, startTimeoutInMs);
        return silentUrl;
      })()
    : await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(
            new Error(`exai serve --http printed no start-up line within ${startTimeoutInMs} ms:\n${stderr}`),
          );
        }, startTimeoutInMs);
        const onData = (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const match = /MCP server on (http:\/\/[^\s"]+)/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            child.stderr!.off('data', onData);
            // Keep draining stderr (one line per session or call) so the server never blocks on it.
            child.stderr!.resume();
            resolve(match[1]!);
          }
        };
        child.stderr!.on('data', onData);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exai serve --http exited early (${code}):\n${stderr}`));
        });
      });
  return {
    url,
    pid: child.pid!,
    residentBytes: () => residentBytesOf(child.pid!),
    stop: () => stopChild(child),
  };
}

export function residentBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User plus system CPU time a process has used so far, from /proc/<pid>/stat. */
export function cpuTimeInMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond) * 1000;
}

/**
 * CPU time (user plus system) of a process's main thread and of all its other threads together (the
 * garbage collector's helpers, libuv's pool, workers), from /proc/<pid>/task/<tid>/stat. Threads
 * that ended since are not counted.
 */
export function threadCpuTimeInMsOf(pid: number): { mainThread: number; otherThreads: number } {
  let mainThread = 0;
  let otherThreads = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const inMs = ((Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond) * 1000;
    if (tid === String(pid)) mainThread += inMs;
    else otherThreads += inMs;
  }
  return { mainThread, otherThreads };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
