/** SIGINT and SIGTERM seen as abort signals, for commands that must clean up before they exit. */
export interface StopSignals {
  /** Aborted by the first SIGINT or SIGTERM. */
  first: AbortSignal;
  /** Aborted by the one after it (the usual "stop now" of a second Ctrl-C). */
  second: AbortSignal;
  /** The conventional exit status for the first signal: 130 after SIGINT, 143 after SIGTERM. */
  exitCode(): number;
  /** Stops listening; the signals' default behaviour (exit at once) applies again. */
  dispose(): void;
}

export function listenForStopSignals(): StopSignals {
  const first = new AbortController();
  const second = new AbortController();
  let exitCode = 130;
  const onSignal = (name: NodeJS.Signals) => {
    if (first.signal.aborted) {
      second.abort(new Error(`${name} received again`));
      return;
    }
    exitCode = name === 'SIGTERM' ? 143 : 130;
    first.abort(new Error(`${name} received`));
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
