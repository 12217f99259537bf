import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionStoreV1 } from '@exai/core';
import { writeDirectoryBackup, type DirectoryBackupResult } from './write-directory-backup.js';

export interface RunScheduledBackupsOptions {
  store: SessionStoreV1;
  directory: string;
  /** Time between the starts of two backups. */
  intervalInMs: number;
  keep?: number;
  /** Stops the schedule: a backup under way is finished first, then the returned promise resolves. */
  signal: AbortSignal;
  /** Stops the backup under way too (its unfinished copy is deleted), e.g. on a second Ctrl-C. */
  abortSignal?: AbortSignal;
  onBackup?: (result: DirectoryBackupResult & { durationInMs: number }) => void;
  /** A failed run is reported here and the schedule goes on; the next run is the next chance. */
  onError?: (error: Error) => void;
  now?: () => Date;
}

/**
 * Takes a verified backup into `directory` every `intervalInMs` until `signal` aborts. Runs start
 * on a fixed rhythm (start + n × interval); a run that takes longer than the interval is followed
 * at once by the next. Resolves with the number of runs that succeeded and failed.
 */
export async function runScheduledBackups({
  store,
  directory,
  intervalInMs,
  keep,
  signal,
  abortSignal,
  onBackup,
  onError,
  now = () => new Date(),
}: RunScheduledBackupsOptions): Promise<{ succeeded: number; failed: number }> {
  let succeeded = 0;
  let failed = 0;
  let next = Date.now();
  while (!signal.aborted) {
    const startedAt = Date.now();
    try {
      const result = await writeDirectoryBackup({
        store,
        directory,
        keep,
        now,
        ...(abortSignal !== undefined && { abortSignal }),
      });
      succeeded += 1;
      onBackup?.({ ...result, durationInMs: Date.now() - startedAt });
    } catch (error) {
      if (abortSignal?.aborted === true) break;
      failed += 1;
      onError?.(error as Error);
    }
    next = Math.max(next + intervalInMs, Date.now());
    await sleep(next - Date.now(), undefined, { signal }).catch(() => undefined);
  }
  return { succeeded, failed };
}
