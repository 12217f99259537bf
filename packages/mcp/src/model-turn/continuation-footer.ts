import type { ModelTurnResult } from './model-turn-request.js';

/**
 * The line every model-backed tool ends its text with, naming the continuation_id — after the line
 * saying which model `auto` picked and why, when it picked one.
 */
export function continuationFooter(
  result: Pick<
    ModelTurnResult,
    'threadId' | 'model' | 'fallbacks' | 'filesOmitted' | 'autoReason' | 'modelNote'
  >,
  toolName = 'any exai tool',
): string {
  const fallbackNote =
    result.fallbacks.length > 0
      ? ` after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
      : '';
  const dropped =
    result.filesOmitted.length > 0 ? `; ${result.filesOmitted.length} file(s) not included, see above` : '';
  const auto = result.autoReason === undefined ? '' : `${result.autoReason}\n`;
  const modelNote = result.modelNote === undefined ? '' : `; ${result.modelNote}`;
  return (
    `---\n${auto}continuation_id: ${result.threadId} (answered by ${result.model}${fallbackNote}${modelNote}${dropped}; ` +
    `pass continuation_id to ${toolName} to continue this conversation)`
  );
}
