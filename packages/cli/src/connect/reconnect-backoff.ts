/** How long `exai connect` waits between attempts to reach the daemon. */
export interface ReconnectBackoffOptions {
  /** The ceiling of the first wait. */
  initialDelayInMs: number;
  /** No wait is longer than this. */
  maxDelayInMs: number;
  /** Each failed attempt multiplies the ceiling by this. */
  factor: number;
}

/** 250 ms, 500 ms, 1 s, 2 s, 4 s, 8 s, then 10 s between attempts (each with jitter, see below). */
export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoffOptions = {
  initialDelayInMs: 250,
  maxDelayInMs: 10_000,
  factor: 2,
};

/**
 * The wait before attempt `attempt` (0-based): exponential, capped, with "equal jitter" — a random
 * point between half the ceiling and the ceiling — so bridges started together (several IDE windows
 * after a daemon restart) spread their reconnects out, yet none retries in a tight loop.
 */
export function computeReconnectDelay(
  attempt: number,
  { initialDelayInMs, maxDelayInMs, factor }: ReconnectBackoffOptions = DEFAULT_RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayInMs, initialDelayInMs * factor ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
