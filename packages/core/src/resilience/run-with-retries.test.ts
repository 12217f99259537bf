import { describe, expect, it } from 'vitest';
import { defaultRetrySettings, type RetrySettings } from './resilience-settings.js';
import { fullJitterDelay, runWithRetries, type RetryTask } from './run-with-retries.js';

class Transient extends Error {}

/** A task whose attempts fail with the given errors in turn, then answer `done`. */
function failingTask(
  failures: unknown[],
  retry: Partial<RetrySettings> = {},
  extra: Partial<RetryTask<string>> = {},
) {
  const log = { attempts: 0, waits: [] as number[], retries: [] as number[] };
  const task: RetryTask<string> = {
    retry: { ...defaultRetrySettings, baseDelayInMs: 1, maxDelayInMs: 1, ...retry },
    attempt: async () => {
      log.attempts += 1;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return 'done';
    },
    shouldRetry: (error) => error instanceof Transient,
    onRetry: ({ attempt }) => log.retries.push(attempt),
    sleep: async (delayInMs) => void log.waits.push(delayInMs),
    random: () => 0.5,
    ...extra,
  };
  return { task, log };
}

describe('runWithRetries', () => {
  it('repeats failures the classifier accepts, reporting the attempt about to start', async () => {
    const { task, log } = failingTask([new Transient(), new Transient()], { maxRetries: 3 });
    await expect(runWithRetries(task)).resolves.toBe('done');
    expect(log.attempts).toBe(3);
    expect(log.retries).toEqual([2, 3]);
  });

  it('gives up after maxRetries with the last failure, and never retries what the classifier refuses', async () => {
    const last = new Transient('third');
    const exhausted = failingTask([new Transient(), new Transient(), last], { maxRetries: 2 });
    await expect(runWithRetries(exhausted.task)).rejects.toBe(last);
    expect(exhausted.log.attempts).toBe(3);

    const final = new Error('bad request');
    const refused = failingTask([final], { maxRetries: 5 });
    await expect(runWithRetries(refused.task)).rejects.toBe(final);
    expect(refused.log.attempts).toBe(1);
  });

  it('waits with full jitter, or exactly the wait the failure asks for', async () => {
    const jittered = failingTask([new Transient(), new Transient()], {
      baseDelayInMs: 100,
      maxDelayInMs: 150,
    });
    await runWithRetries(jittered.task);
    expect(jittered.log.waits).toEqual([50, 75]); // 0.5 × min(150, 100 × 2^n)

    const asked = failingTask([new Transient()], {}, { retryAfterInMs: () => 1_234 });
    await runWithRetries(asked.task);
    expect(asked.log.waits).toEqual([1_234]);
  });

  it('fails at once when the wait would not end within the budget or the caller’s deadline', async () => {
    const failure = new Transient();
    const overBudget = failingTask([failure], { budgetInMs: 1_000 }, { retryAfterInMs: () => 5_000 });
    await expect(runWithRetries(overBudget.task)).rejects.toBe(failure);
    expect(overBudget.log.waits).toEqual([]);

    const pastDeadline = failingTask([new Transient()], {}, { remainingInMs: () => 0 });
    await expect(runWithRetries(pastDeadline.task)).rejects.toBeInstanceOf(Transient);
    expect(pastDeadline.log.attempts).toBe(1);
  });

  it('keeps retrying within the budget when maxRetries is Infinity', async () => {
    const failures = Array.from({ length: 20 }, () => new Transient());
    const { task, log } = failingTask(failures, { maxRetries: Infinity, budgetInMs: 10_000 });
    await expect(runWithRetries(task)).resolves.toBe('done');
    expect(log.attempts).toBe(21);
  });

  it('makes one attempt when retries are off', async () => {
    const { task, log } = failingTask([new Transient()], { maxRetries: 0 });
    await expect(runWithRetries(task)).rejects.toBeInstanceOf(Transient);
    expect(log.attempts).toBe(1);
  });
});

describe('fullJitterDelay', () => {
  it('is uniform in [0, min(max, base × 2^n)]', () => {
    const settings = { baseDelayInMs: 10, maxDelayInMs: 100 };
    expect(fullJitterDelay(0, settings, () => 1)).toBe(10);
    expect(fullJitterDelay(3, settings, () => 0.5)).toBe(40);
    expect(fullJitterDelay(9, settings, () => 1)).toBe(100);
  });
});
