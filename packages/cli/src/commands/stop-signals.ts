/** SIGINT and SIGTERM seen as abort signals, for commands that must clean up before they exit. */
export interface StopSignals {
  /** Aborted by the first SIGINT or SIGTERM. */
  first: AbortSignal;
  /** Aborted by the one after it (the usual "stop now" of a second Ctrl-C), with `stages: 2`. */
  second: AbortSignal;
  /** The conventional exit status for the first signal: 130 after SIGINT, 143 after SIGTERM. */
  exitCode(): number;
  /** Stops listening; the signals' default behaviour (exit at once) applies again. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM: the first aborts `first`, the second (with `stages: 2`) aborts
 * `second`, and one more than `stages` ends the process at once with `exitCode()`, as the signal
 * would have without a listener, so a step that does not watch its abort signal (a store that is
 * slow to open) can never make the command impossible to stop.
 */
export function listenForStopSignals({ stages = 2 }: { stages?: 1 | 2 } = {}): StopSignals {
  const first = new AbortController();
  const second = new AbortController();
  let exitCode = 130;
  let received = 0;
  const onSignal = (name: NodeJS.Signals) => {
    received += 1;
    if (received === 1) {
      exitCode = name === 'SIGTERM' ? 143 : 130;
      first.abort(new Error(`${name} received`));
    } else if (received === 2 && stages === 2) {
      second.abort(new Error(`${name} received again`));
    } else {
      process.exit(exitCode);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    first: first.signal,
    second: second.signal,
    exitCode: () => exitCode,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
