import type { ModelTurnResult } from './model-turn-request.js';

/** The line every model-backed tool ends its text with, naming the continuation_id. */
export function continuationFooter(
  result: Pick<ModelTurnResult, 'threadId' | 'model' | 'fallbacks' | 'filesOmitted' | 'modelNote'>,
  toolName = 'any exai tool',
): string {
  const fallbackNote =
    result.fallbacks.length > 0
      ? ` after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
      : '';
  const dropped =
    result.filesOmitted.length > 0 ? `; ${result.filesOmitted.length} file(s) not included, see above` : '';
  const modelNote = result.modelNote === undefined ? '' : `; ${result.modelNote}`;
  return (
    `---\ncontinuation_id: ${result.threadId} (answered by ${result.model}${fallbackNote}${modelNote}${dropped}; ` +
    `pass continuation_id to ${toolName} to continue this conversation)`
  );
}
