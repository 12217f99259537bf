import type { InFlightCalls } from '@exai/mcp';
import type { HttpServing } from '@exai/server';
import { cancelCallsInFlight } from './cancel-calls-in-flight.js';

/**
 * A graceful stop of `exai serve --http`: refuse new calls (`/readyz` answers `draining`), let the
 * calls in flight finish for up to `drainTimeoutInMs`, cancel the rest — each records its usage as
 * cancelled and stores no turn — then close the server. A second signal cuts the wait short. The
 * caller closes the store afterwards.
 */
export async function drainHttpServer({
  serving,
  calls,
  drainTimeoutInMs,
  log,
  hurry,
}: {
  serving: HttpServing;
  calls: InFlightCalls;
  drainTimeoutInMs: number;
  log: (line: string) => void;
  /** Resolves when the operator asks again (a second SIGTERM or SIGINT). */
  hurry: Promise<void>;
}): Promise<void> {
  serving.startDraining();
  const running = calls.count();
  if (running > 0) {
    log(
      `exai: draining: waiting up to ${drainTimeoutInMs / 1000} s for ${running} call(s) in flight ` +
        '(send the signal again to cancel them now)',
    );
  }
  const finished = await Promise.race([calls.whenIdle(drainTimeoutInMs), hurry.then(() => false)]);
  if (!finished) {
    await cancelCallsInFlight({
      calls,
      reason:
        'The call was stopped because the server is shutting down; call again, and another replica (or this one, restarted) will answer.',
      log,
    });
  }
  await serving.close();
}
