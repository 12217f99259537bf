import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts the keep-alive proxy in a child process, in front of `upstreamUrl`. */
export async function startKeepAliveProxy(
  upstreamUrl: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = fork(
    fileURLToPath(new URL('./keep-alive-proxy-process.ts', import.meta.url)),
    [upstreamUrl],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`keep-alive proxy exited early (${code})`)));
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
