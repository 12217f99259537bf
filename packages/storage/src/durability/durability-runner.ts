import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAckLines, type DurabilityAck, type DurabilityWorkload } from './durability-workload.js';

const appenderPath = fileURLToPath(new URL('./durability-appender.ts', import.meta.url));
const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));

export interface KilledRun {
  /** Every ack the appender printed in full before it died, in the order printed. */
  acks: DurabilityAck[];
  /** How many acks had arrived when SIGKILL was sent (undefined when it never was). */
  acksAtKill: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Runs the appender in a child Node process (TypeScript through tsx, workspace packages from their
 * sources) and sends it SIGKILL once `killAfterAcks` appends were acknowledged. Resolves when the
 * process is gone and its output read to the end. Past `timeoutInMs` the child is killed too,
 * and the run rejects.
 */
export function runAppenderUntilKilled({
  workload,
  killAfterAcks,
  timeoutInMs = 90_000,
}: {
  workload: DurabilityWorkload;
  killAfterAcks: number;
  timeoutInMs?: number;
}): Promise<KilledRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', appenderPath, JSON.stringify(workload)],
    { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let acksAtKill: number | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutInMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (acksAtKill !== undefined) return;
    const acks = parseAckLines(stdout).length;
    if (acks >= killAfterAcks) {
      acksAtKill = acks;
      child.kill('SIGKILL');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<KilledRun>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close' comes after the exit and after both pipes were read to their end.
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(`The appender did not reach ${killAfterAcks} acks in ${timeoutInMs} ms.\n${stderr}`),
        );
        return;
      }
      try {
        resolve({ acks: parseAckLines(stdout), acksAtKill, exitCode, signal, stderr });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
