import { PassThrough } from 'node:stream';
import { runCli } from '../program.js';

export interface CapturedCliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliCapturedOptions {
  argv: readonly string[];
  env: Record<string, string>;
  cwd: string;
  /** Whether stdin looks like a terminal (default: it does not). */
  tty?: boolean;
  /** What stdin holds, after which it ends; without it stdin stays open and empty. */
  input?: string;
}

/** Runs `exai` in this process, as a person at a shell would, and collects what it printed. */
export async function runCliCaptured({
  argv,
  env,
  cwd,
  tty = false,
  input,
}: RunCliCapturedOptions): Promise<CapturedCliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  if (input !== undefined) stdin.end(input);
  const code = await runCli({
    argv,
    env,
    cwd,
    stdin,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
