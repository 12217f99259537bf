import type { LanguageModelV1Usage, ModelInfo } from '@exai/core';

/**
 * The `max_tokens` `exai chat` sent for `--max-tokens` (`requested`): the flag's value, capped at
 * the model's max output as the provider caps it (with a warning); `undefined` without the flag,
 * when the upstream's own default limit applies.
 */
export function sentOutputLimit(
  requested: number | undefined,
  info: Pick<ModelInfo, 'maxOutputTokens'> | undefined,
): number | undefined {
  if (requested === undefined || info === undefined) return requested;
  return Math.min(requested, info.maxOutputTokens);
}

/**
 * The one line `exai chat` prints on stderr after an answer cut off at the output limit (finish
 * reason `length`): that it is incomplete, at how many tokens, and how to get more — a larger
 * `--max-tokens` while the model allows more, else asking for less or another model. `limit` is
 * what `sentOutputLimit` gives; without one, the tokens the answer took (`usage`) are named.
 */
export function chatCutOffNote({
  limit,
  info,
  usage,
}: {
  limit: number | undefined;
  info: Pick<ModelInfo, 'maxOutputTokens'> | undefined;
  usage: LanguageModelV1Usage | undefined;
}): string {
  const maximum = info?.maxOutputTokens;
  const tokens = limit ?? usage?.outputTokens;
  const atMaximum = tokens !== undefined && maximum !== undefined && tokens >= maximum;
  const where =
    limit !== undefined
      ? `at the output limit of ${limit} tokens`
      : tokens !== undefined
        ? `at the model's output limit after ${tokens} tokens`
        : "at the model's output limit";
  const allows = maximum === undefined ? '' : ` (this model allows up to ${maximum})`;
  const more = atMaximum
    ? 'that is the most this model writes at once, so for more ask for less at a time or use a ' +
      "model with more output room (exai models lists each model's max output)"
    : `for more, run it again with --max-tokens ${tokens === undefined ? 'set higher' : `above ${tokens}`}${allows}`;
  return `cut off: the answer stopped ${where}, so it is incomplete; ${more}.`;
}
