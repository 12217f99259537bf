import type { InFlightCalls } from '@exai/mcp';

/** How long calls cancelled at shutdown get to record their outcome before the store closes. */
export const CANCEL_GRACE_IN_MS = 5_000;

/**
 * Cancels every tool call still in flight — each then closes its upstream request, stores no turn
 * and records its usage and audit event as cancelled — and waits up to `graceInMs` for those
 * records, so the caller can close the store after it without losing them.
 */
export async function cancelCallsInFlight({
  calls,
  reason,
  log,
  graceInMs = CANCEL_GRACE_IN_MS,
}: {
  calls: InFlightCalls;
  reason: string;
  log: (line: string) => void;
  graceInMs?: number;
}): Promise<void> {
  if (calls.count() === 0) return;
  log(`exai: cancelling ${calls.count()} call(s) still in flight`);
  calls.abortAll(reason);
  if (!(await calls.whenIdle(graceInMs))) {
    log(`exai: ${calls.count()} cancelled call(s) did not finish within ${graceInMs / 1000} s`);
  }
}
