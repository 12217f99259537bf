import type { ToolContext } from '../tool-context.js';

export interface ConsensusProgress {
  /** A context for model `index` whose progress feeds the shared, ever-growing count. */
  contextFor(index: number): ToolContext;
  /** Reports that a model (or the synthesis) finished. */
  finished(label: string, outcome: 'answered' | 'failed'): void;
  /** Reports a phase change, e.g. the synthesis starting. */
  note(message: string): void;
}

/**
 * One progress stream for several models answering at once: the progress value is the sum of
 * their streamed tokens plus the models finished, and never goes backwards, as MCP requires.
 */
export function createConsensusProgress(context: ToolContext, modelCount: number): ConsensusProgress {
  const tokens: number[] = [];
  let finishedCount = 0;
  let last = 0;

  const emit = (message: string) => {
    const sum = tokens.reduce((total, value) => total + (value ?? 0), 0) + finishedCount;
    const progress = sum > last ? sum : last + 0.001;
    last = progress;
    void context.reportProgress({ progress, message: `${finishedCount}/${modelCount} answered; ${message}` });
  };

  return {
    contextFor(index) {
      return {
        ...context,
        async reportProgress({ progress, message }) {
          tokens[index] = Math.max(tokens[index] ?? 0, Math.floor(progress));
          emit(message ?? 'working');
        },
      };
    },
    finished(label, outcome) {
      finishedCount += 1;
      emit(`${label} ${outcome}`);
    },
    note(message) {
      emit(message);
    },
  };
}
