import type { ModelTurnResult } from '../../model-turn/run-model-turn.js';
import { notSavedText, type TurnNotSaved } from '../../model-turn/turn-not-saved.js';
import { cutOffNote } from '../../model-turn/answer-cut-off.js';
import type { ConsensusAnswer, ConsensusFailure } from './store-consensus.js';

/**
 * The consensus result as text: each answer under its model and stance (with a line under one cut
 * off at its model's output limit), failures, the synthesis.
 */
export function formatConsensus({
  threadId,
  modelCount,
  answers,
  failures,
  synthesis,
  notSaved,
}: {
  threadId: string;
  modelCount: number;
  answers: readonly ConsensusAnswer[];
  failures: readonly ConsensusFailure[];
  synthesis: ModelTurnResult | undefined;
  /** Set when the store was unavailable: the round is returned, not stored. */
  notSaved?: TurnNotSaved | undefined;
}): string {
  const sections = answers.map((answer) => {
    const { result } = answer;
    const fallback =
      result.fallbacks.length > 0
        ? ` — after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
        : '';
    return `## ${result.model} (${answer.stance})${fallback}\n\n${autoLine(result)}${result.text}${cutOffLine(result)}`;
  });
  if (failures.length > 0) {
    sections.push(
      '## Failed\n\n' +
        failures.map((failure) => `- ${failure.model}: ${failure.code}: ${failure.message}`).join('\n'),
    );
  }
  if (synthesis !== undefined) {
    sections.push(
      `## Synthesis (${synthesis.model})\n\n${autoLine(synthesis)}${synthesis.text}${cutOffLine(synthesis)}`,
    );
  }
  const answered = `${answers.length} of ${modelCount} models answered`;
  sections.push(
    notSaved !== undefined
      ? `---\n${notSavedText(notSaved, answered, 'this round')}`
      : `---\ncontinuation_id: ${threadId} (${answered}; ` +
          'pass continuation_id to consensus or chat to continue this conversation)',
  );
  return sections.join('\n\n');
}

/** `auto picked …: why.` above an answer that `auto` chose the model of. */
function autoLine(result: ModelTurnResult): string {
  return result.autoReason === undefined ? '' : `(${result.autoReason})\n\n`;
}

/** A line under an answer cut off at its model's output limit. */
function cutOffLine(result: ModelTurnResult): string {
  return result.cutOff === undefined ? '' : `\n\n${cutOffNote(result.cutOff)}`;
}
