import type { LanguageModelV1FinishReason } from '@exai/core';

/** An answer that stopped at the model's output limit (finish reason `length`): kept, but incomplete. */
export interface AnswerCutOff {
  /** The most tokens the answer could take: the `max_tokens` the call was sent with. */
  outputLimitInTokens: number;
}

/** The cut-off of an answer that ended with `finishReason`, or `undefined` when it was not cut off. */
export function answerCutOff(
  finishReason: LanguageModelV1FinishReason | undefined,
  outputLimitInTokens: number,
): AnswerCutOff | undefined {
  return finishReason === 'length' ? { outputLimitInTokens } : undefined;
}

/** Where the limit comes from and how it is raised, as the cut-off line names it. */
const limitSource =
  "The limit is the model's maxOutputTokens, at most half its context window " +
  '(set per model in the models entries of exai.config.json).';

/**
 * The sentences of a model-backed tool's footer for an answer cut off at the output limit: that it
 * is incomplete, and how to get the rest — continue the conversation (`continuable`: it was
 * stored, `toolName` takes its `continuation_id`) and ask for it, or ask for less at a time.
 */
export function cutOffText(
  cutOff: AnswerCutOff,
  { toolName, continuable }: { toolName: string; continuable: boolean },
): string {
  const rest = continuable
    ? `To get the rest, pass continuation_id to ${toolName} and ask the model to continue where it ` +
      'stopped, or ask for less at a time.'
    : 'To get the rest, ask for less at a time, or give the end of this answer in your next prompt ' +
      'and ask the model to continue from there.';
  return (
    `Cut off: the answer stopped at the model's output limit (${cutOff.outputLimitInTokens} tokens), ` +
    `so it is incomplete. ${rest} ${limitSource}`
  );
}

/** The line under one answer of several (a consensus round) that was cut off. */
export function cutOffNote(cutOff: AnswerCutOff): string {
  return (
    `(Cut off: this answer stopped at the model's output limit of ${cutOff.outputLimitInTokens} ` +
    'tokens, so it is incomplete.)'
  );
}
