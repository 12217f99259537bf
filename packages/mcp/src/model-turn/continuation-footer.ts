import type { ModelTurnResult } from './model-turn-request.js';
import { notSavedText } from './turn-not-saved.js';
import { cutOffText } from './answer-cut-off.js';

/**
 * The line every model-backed tool ends its text with, naming the continuation_id — after the line
 * saying which model `auto` picked and why, when it picked one, and first of all, for an answer
 * cut off at the model's output limit (`cutOff`), the line saying it is incomplete and how to get
 * the rest. An answer that could not be stored (`notSaved`) gets no continuation_id: the line says
 * so, why, and what to do instead.
 */
export function continuationFooter(
  result: Pick<
    ModelTurnResult,
    'threadId' | 'model' | 'fallbacks' | 'filesOmitted' | 'autoReason' | 'modelNote' | 'notSaved' | 'cutOff'
  >,
  toolName = 'any exai tool',
): string {
  const fallbackNote =
    result.fallbacks.length > 0
      ? ` after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
      : '';
  const dropped =
    result.filesOmitted.length > 0 ? `; ${result.filesOmitted.length} file(s) not included, see above` : '';
  const cutOff =
    result.cutOff === undefined
      ? ''
      : `${cutOffText(result.cutOff, { toolName, continuable: result.notSaved === undefined })}\n`;
  const auto = result.autoReason === undefined ? '' : `${result.autoReason}\n`;
  const notes = `${cutOff}${auto}`;
  const modelNote = result.modelNote === undefined ? '' : `; ${result.modelNote}`;
  if (result.notSaved !== undefined) {
    const answeredBy = `answered by ${result.model}${fallbackNote}${modelNote}${dropped}`;
    return `---\n${notes}${notSavedText(result.notSaved, answeredBy)}`;
  }
  return (
    `---\n${notes}continuation_id: ${result.threadId} (answered by ${result.model}${fallbackNote}${modelNote}${dropped}; ` +
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
