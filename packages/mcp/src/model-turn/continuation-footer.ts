import type { ModelTurnResult } from './model-turn-request.js';
import { notSavedText } from './turn-not-saved.js';

/**
 * The line every model-backed tool ends its text with, naming the continuation_id — after the line
 * saying which model `auto` picked and why, when it picked one. An answer that could not be stored
 * (`notSaved`) gets no continuation_id: the line says so, why, and what to do instead.
 */
export function continuationFooter(
  result: Pick<
    ModelTurnResult,
    'threadId' | 'model' | 'fallbacks' | 'filesOmitted' | 'autoReason' | 'modelNote' | 'notSaved'
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
  if (result.notSaved !== undefined) {
    const answeredBy = `answered by ${result.model}${fallbackNote}${modelNote}${dropped}`;
    return `---\n${auto}${notSavedText(result.notSaved, answeredBy)}`;
  }
  return (
    `---\n${auto}continuation_id: ${result.threadId} (answered by ${result.model}${fallbackNote}${modelNote}${dropped}; ` +
    `pass continuation_id to ${toolName} to continue this conversation)`
  );
}

/**
 * The thread fields of a model-backed tool's `structuredContent`: `continuation_id`, or, for an
 * answer that could not be stored, `not_saved` saying why there is none (`store_unavailable: …`).
 */
export function continuationFields(result: Pick<ModelTurnResult, 'threadId' | 'notSaved'>): {
  continuation_id?: string;
  not_saved?: string;
} {
  const { notSaved } = result;
  if (notSaved !== undefined) return { not_saved: `${notSaved.code}: ${notSaved.reason}` };
  return { continuation_id: result.threadId };
}
