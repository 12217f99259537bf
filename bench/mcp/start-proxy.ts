import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts one of the bench's own servers (a module of this folder) in a child process, in front of `upstreamUrl`. */
async function startBenchServer(
  module: string,
  what: string,
  upstreamUrl: string,
): Promise<BenchServerProcess> {
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), [upstreamUrl], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${what} exited early (${code})`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

/** Starts the keep-alive proxy in a child process, in front of `upstreamUrl`. */
export function startKeepAliveProxy(upstreamUrl: string): Promise<BenchServerProcess> {
  return startBenchServer('./keep-alive-proxy-process.ts', 'keep-alive proxy', upstreamUrl);
}

/** Starts the essential-work `chat` server (`essential-call-process.ts`) in front of `upstreamUrl`. */
export function startEssentialCallServer(upstreamUrl: string): Promise<BenchServerProcess> {
  return startBenchServer('./essential-call-process.ts', 'essential-call server', upstreamUrl);
}
