import { z } from 'zod';
import type { AnswerCutOff } from '../model-turn/answer-cut-off.js';

/**
 * The `cut_off_at_tokens` field of a model-backed tool's `structuredContent`: present only for an
 * answer that stopped at the model's output limit (finish reason `length`), holding that limit (the
 * `max_tokens` the call was sent with). The text says the same in its footer (`cutOffText`). A
 * plain number, not an object: it is declared in output schemas sent with every `tools/list`.
 */
// A whole number; `.int()` would add the safe-integer bounds to every tools/list (~20 tokens).
export const cutOffField = z.number().optional();

/** `{ cut_off_at_tokens }` for a result cut off at the output limit (`cutOff`), else nothing to spread. */
export function cutOffFields({ cutOff }: { cutOff?: AnswerCutOff | undefined }): {
  cut_off_at_tokens?: number;
} {
  return cutOff === undefined ? {} : { cut_off_at_tokens: cutOff.outputLimitInTokens };
}
