import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AbortedError } from '@exai/core';
import {
  agentFailedError,
  agentOutputTooLargeError,
  agentTimeoutError,
  cannotStartError,
  commandNotFoundError,
} from './clink-errors.js';

/** How long a stopped agent gets between SIGTERM and SIGKILL. */
const KILL_GRACE_IN_MS = 2_000;
/** Characters of standard error kept for a failure message. */
const STDERR_TAIL_CHARACTERS = 2_000;

export interface AgentProcessOptions {
  /** The agent's name, for messages. */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed (closed at once when undefined). */
  stdin?: string | undefined;
  timeoutInSeconds: number;
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Called once the OS has started the agent (never when it could not be started). */
  onSpawn?: () => void;
}

/**
 * Runs an agent to completion and returns its standard output. No shell: the command and its
 * arguments go to the OS as they are. The agent leads a process group of its own, and the whole
 * group is stopped (SIGTERM, then SIGKILL) on a timeout, when the output passes its cap, when the
 * call is cancelled, and after the agent exits (so nothing it started lives on).
 */
export function runAgentProcess(options: AgentProcessOptions): Promise<string> {
  const { name, command, args, cwd, env, stdin, timeoutInSeconds, maxOutputBytes, signal, onSpawn } = options;
  return new Promise<string>((resolve, reject) => {
    const groups = process.platform !== 'win32';
    const startError = (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT'
        ? commandNotFoundError(name, command, error)
        : cannotStartError(name, command, error);
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(command, [...args], {
        cwd,
        env,
        shell: false,
        detached: groups,
        windowsHide: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      // Some refusals (E2BIG: arguments too long) are thrown at once rather than emitted.
      reject(startError(error as NodeJS.ErrnoException));
      return;
    }
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = '';
    let stopped: Error | undefined;
    let settled = false;

    const killGroup = (killSignal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (groups) process.kill(-child.pid, killSignal);
        else child.kill(killSignal);
      } catch {
        // Already gone.
      }
    };
    const stop = (reason: Error) => {
      if (stopped !== undefined) return;
      stopped = reason;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_IN_MS).unref();
    };
    const timer = setTimeout(() => stop(agentTimeoutError(name, timeoutInSeconds)), timeoutInSeconds * 1000);
    const onAbort = () => stop(AbortedError.of(signal, 'The clink call was cancelled by the client.'));
    signal.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      outcome();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped !== undefined) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutputBytes) {
        stop(agentOutputTooLargeError(name, maxOutputBytes));
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARACTERS);
    });
    // An agent that exits without reading its input must not crash the server with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');

    if (onSpawn !== undefined) child.once('spawn', onSpawn);
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(() => reject(startError(error)));
    });
    // Whatever the agent started goes with it; that also closes pipes a grandchild held open.
    child.on('exit', () => killGroup('SIGKILL'));
    child.on('close', (exitCode, exitSignal) => {
      finish(() => {
        if (stopped !== undefined) reject(stopped);
        else if (exitCode === 0) resolve(Buffer.concat(stdout).toString('utf8'));
        else reject(agentFailedError(name, { exitCode, signal: exitSignal, stderrTail }));
      });
    });
    if (signal.aborted) onAbort();
  });
}
