import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { collectProviderFiles, type ProviderFileCollection } from '../files/collect-provider-files.js';
import type { FilesV1 } from '../provider/v1/files-v1.js';
import { applyRetention, hasRetention, retentionCutoffs, type RetentionPolicy } from './retention-policy.js';
import type { ExpireResult, PruneResult, SessionStoreV1 } from './v1/index.js';

/**
 * What one sweep deleted: the store's expiry, the provider uploads when `filesFor` is given, and
 * what retention removed when a policy is given.
 */
export interface SweepResult extends ExpireResult {
  providerFiles?: ProviderFileCollection;
  retention?: PruneResult;
}

export interface ExpirySweepOptions {
  store: SessionStoreV1;
  /** Time from the end of one sweep to the start of the next (default 10 minutes; 1 to 2^31-1). */
  intervalInMs?: number;
  /**
   * Also delete records past these ages on every sweep (`store.prune`): threads not updated for
   * `threadsInMs`, usage older than `usageInMs`, audit events older than `auditInMs`.
   */
  retention?: RetentionPolicy;
  /** Called after each sweep that succeeded, with what it deleted. */
  onSweep?: (result: SweepResult) => void;
  /**
   * The files API of a provider id: with it, each sweep first deletes the provider uploads that
   * expired or that no live thread uses any more (`collectProviderFiles`), then expires the store.
   */
  filesFor?: (provider: string) => FilesV1 | undefined;
  /** Called with the error of a sweep the timer started (or one `onSweep` threw). Without it, such errors are dropped. */
  onError?: (error: unknown) => void;
  /** The time each sweep expires against; default: the store's own clock. */
  now?: () => Date;
}

export interface ExpirySweep {
  /**
   * Sweeps now and resolves with what it deleted (rejects with the store's error). A sweep already
   * running is let finish first; calls made meanwhile share the one sweep that follows it.
   */
  sweepNow(): Promise<SweepResult>;
  /**
   * Stops the timer and resolves once no sweep is running (their errors are not re-thrown), so the
   * store may be closed next. Safe to call twice; `sweepNow` still works afterwards.
   */
  stop(): Promise<void>;
}

const ignore = (): void => undefined;

/** The longest delay `setTimeout` honours; a longer one fires after 1 ms. */
const maxIntervalInMs = 2 ** 31 - 1;

/**
 * Calls `store.expire()` every `intervalInMs` so expired threads, file records, tasks and stream
 * events are deleted (with `filesFor`, after deleting the uploads no live thread uses at their
 * provider), then, when a `retention` policy is given, `store.prune()` with its cut-offs.
 * Sweeps never overlap; the timer does not keep the process alive; a failed sweep is reported to
 * `onError` and the next one runs on schedule. The first sweep comes one interval after the start
 * (call `sweepNow()` to sweep at once).
 */
export function startExpirySweep({
  store,
  intervalInMs = 10 * 60_000,
  onSweep,
  onError,
  now,
  retention,
  filesFor,
}: ExpirySweepOptions): ExpirySweep {
  if (!(intervalInMs >= 1 && intervalInMs <= maxIntervalInMs)) {
    throw new InvalidArgumentError({
      argument: 'intervalInMs',
      message: `intervalInMs must be from 1 to ${maxIntervalInMs} milliseconds (about 24.8 days), not ${intervalInMs}.`,
    });
  }
  // A bad retention age fails now, not on the first sweep minutes later.
  if (hasRetention(retention)) retentionCutoffs(retention, new Date());
  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // A throwing error handler must not take the process down.
    }
  };

  let running: Promise<SweepResult> | undefined;
  let following: Promise<SweepResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

  async function expireOnce(): Promise<SweepResult> {
    let at = now?.();
    let providerFiles: ProviderFileCollection | undefined;
    if (filesFor !== undefined) {
      at ??= new Date();
      providerFiles = await collectProviderFiles({ store, filesFor, now: at });
    }
    const expired = await store.expire(at);
    const result: SweepResult = {
      ...expired,
      ...(providerFiles !== undefined && { providerFiles }),
      ...(hasRetention(retention) && { retention: await applyRetention(store, retention, at ?? new Date()) }),
    };
    try {
      onSweep?.(result);
    } catch (error) {
      report(error);
    }
    return result;
  }

  function runSweep(): Promise<SweepResult> {
    const sweep = expireOnce();
    running = sweep;
    const clear = (): void => {
      if (running === sweep) running = undefined;
    };
    sweep.then(clear, clear);
    return sweep;
  }

  function sweepNow(): Promise<SweepResult> {
    if (running === undefined) return runSweep();
    following ??= running.then(ignore, ignore).then(() => {
      following = undefined;
      return runSweep();
    });
    return following;
  }

  function schedule(): void {
    if (stopping !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A sweep already running (started by `sweepNow`, whose caller hears how it went) stands in for this one.
      const sweep = running === undefined ? runSweep().catch(report) : running.catch(ignore);
      void sweep.then(schedule);
    }, intervalInMs);
    timer.unref();
  }

  schedule();
  return {
    sweepNow,
    stop() {
      stopping ??= (async () => {
        clearTimeout(timer);
        timer = undefined;
        while (running !== undefined || following !== undefined) {
          await (following ?? running)?.catch(ignore);
        }
      })();
      return stopping;
    },
  };
}
