import type { RetryContext } from 'p-retry';
import { loadPRetry } from './load-resilience-libraries.js';
import type { RetrySettings } from './resilience-settings.js';

/** A call to run with retries: its attempt, the rule for what is retried, and its hooks. */
export interface RetryTask<T> {
  retry: RetrySettings;
  /** One attempt. */
  attempt(): Promise<T>;
  /** The classifier: whether this failure may be retried at all (transient, and safe to repeat). */
  shouldRetry(error: unknown): boolean;
  /** A wait the failure asks for (an upstream's `Retry-After`); it replaces the jittered delay. */
  retryAfterInMs?(error: unknown): number | undefined;
  /** Time left before a deadline of the caller's own; a wait must end within it too. */
  remainingInMs?(): number;
  /** Called before each retry wait; `attempt` is the number of the attempt about to start. */
  onRetry?(retry: { attempt: number; delayInMs: number; error: unknown }): void;
  /** Waits before a retry (default: a timer); may reject to end the call, e.g. on abort. */
  sleep?(delayInMs: number): Promise<void>;
  /** The jitter's random source (default `Math.random`). */
  random?: () => number;
}

const sleep = (delayInMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayInMs));

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retriesDone)]. */
export function fullJitterDelay(
  retriesDone: number,
  { baseDelayInMs, maxDelayInMs }: Pick<RetrySettings, 'baseDelayInMs' | 'maxDelayInMs'>,
  random: () => number = Math.random,
): number {
  return random() * Math.min(maxDelayInMs, baseDelayInMs * 2 ** retriesDone);
}

/**
 * Runs a task's attempts with p-retry. Only failures the task's `shouldRetry` accepts are repeated;
 * a `retryAfterInMs` replaces the jittered delay, and a wait that would not end within the retry
 * budget (or the task's own deadline) ends the call at once with the last error. p-retry awaits
 * `onFailedAttempt` before `shouldRetry`, so the waiting happens in `shouldRetry` (and p-retry's
 * own delay is zero).
 */
export async function runWithRetries<T>(task: RetryTask<T>): Promise<T> {
  const { maxRetries, budgetInMs } = task.retry;
  if (maxRetries === 0) return task.attempt();
  const startedAt = performance.now();
  try {
    // The first attempt runs outside p-retry: a p-retry call costs several microseconds, which the
    // hot path (almost every call succeeds first time) cannot afford. p-retry takes over from here,
    // loaded on this first failure.
    return await task.attempt();
  } catch (error) {
    if (!(await waitBeforeRetry(task, error, 1, 0, startedAt))) throw error;
  }
  const pRetry = await loadPRetry();
  return pRetry(() => task.attempt(), {
    retries: maxRetries - 1,
    minTimeout: 0,
    maxTimeout: 0,
    maxRetryTime: Math.max(0, budgetInMs - (performance.now() - startedAt)),
    shouldRetry: ({ error, attemptNumber, retriesConsumed }: RetryContext) =>
      waitBeforeRetry(task, error, attemptNumber + 1, retriesConsumed + 1, startedAt),
  });
}

/**
 * Decides whether to retry after the given failed attempt and, if so, waits. Returns false (and
 * p-retry rethrows the error) when the failure is not retried or the wait would not fit.
 */
async function waitBeforeRetry<T>(
  task: RetryTask<T>,
  error: unknown,
  attemptNumber: number,
  retriesConsumed: number,
  startedAt: number,
): Promise<boolean> {
  if (!task.shouldRetry(error)) return false;
  const { retry } = task;
  const budgetLeftInMs = retry.budgetInMs - (performance.now() - startedAt);
  const remainingInMs =
    task.remainingInMs === undefined ? budgetLeftInMs : Math.min(budgetLeftInMs, task.remainingInMs());
  const delayInMs = task.retryAfterInMs?.(error) ?? fullJitterDelay(retriesConsumed, retry, task.random);
  if (delayInMs >= remainingInMs) return false;
  task.onRetry?.({ attempt: attemptNumber + 1, delayInMs, error });
  if (delayInMs > 0) await (task.sleep === undefined ? sleep(delayInMs) : task.sleep(delayInMs));
  return true;
}
