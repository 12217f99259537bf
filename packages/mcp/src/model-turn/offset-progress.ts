import type { ToolContext } from '../tools/tool-context.js';

/**
 * A context whose progress values start after `offset`, so a step that counts from zero (a model
 * turn) can follow steps that already reported progress without the value going backwards.
 */
export function offsetProgress(context: ToolContext, offset: number): ToolContext {
  return {
    ...context,
    reportProgress: ({ progress, total, message }) =>
      context.reportProgress({
        progress: progress + offset,
        ...(total !== undefined && { total: total + offset }),
        ...(message !== undefined && { message }),
      }),
  };
}
