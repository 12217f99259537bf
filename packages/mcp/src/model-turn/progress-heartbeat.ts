import type { ToolContext } from '../tools/tool-context.js';

/** How often a model-backed tool reports progress while it waits or streams. */
export const DEFAULT_PROGRESS_INTERVAL_IN_MS = 5_000;

export interface ProgressHeartbeat {
  /** Sets what the next notification says (e.g. `kimi:k2 writing, 120 tokens`) and its value. */
  set(state: { message: string; tokens?: number }): void;
  /** Sends a notification now with the current state. */
  beat(): void;
  stop(): void;
}

/**
 * Progress notifications for one model call, from the moment it starts until it ends: one at
 * once, then one every `intervalInMs` whether or not anything arrived — while the request waits
 * for a connection or the model's first token as much as while tokens flow — so clients with
 * request timeouts keep waiting for a slow model. Each value is larger than the last.
 */
export function startProgressHeartbeat(
  context: Pick<ToolContext, 'reportProgress'>,
  { message, intervalInMs = DEFAULT_PROGRESS_INTERVAL_IN_MS }: { message: string; intervalInMs?: number },
): ProgressHeartbeat {
  let current = message;
  let tokens = 0;
  let last = -1;
  const beat = () => {
    // Progress must grow with every notification, even when no token arrived since the last.
    const progress = tokens > last ? tokens : last + 0.001;
    last = progress;
    void context.reportProgress({ progress, message: current });
  };
  const timer = setInterval(beat, intervalInMs);
  timer.unref?.();
  beat();
  return {
    set(state) {
      current = state.message;
      if (state.tokens !== undefined) tokens = state.tokens;
    },
    beat,
    stop: () => clearInterval(timer),
  };
}
