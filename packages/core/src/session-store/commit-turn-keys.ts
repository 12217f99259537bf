import type { CommitTurnInput, CommitTurnUsage } from './v1/index.js';

/** The most messages one `commitTurn` takes: a question and the answers of a round of models. */
export const maxCommitTurns = 16;

/**
 * The idempotency keys `commitTurn` gives its turns (`<key>:1`, `<key>:2`, …), derived from the
 * commit's key: a repeated commit finds the first one's turns by them, in every adapter alike.
 */
export function commitTurnKeys(idempotencyKey: string, count = 2): string[] {
  return Array.from({ length: count }, (_, index) => `${idempotencyKey}:${index + 1}`);
}

/** A commit's usage records as a list: none, its one record, or one per model of a round. */
export function commitTurnUsages(input: Pick<CommitTurnInput, 'usage'>): readonly CommitTurnUsage[] {
  const { usage } = input;
  if (usage === undefined) return [];
  return isUsageList(usage) ? usage : [usage];
}

function isUsageList(
  usage: CommitTurnUsage | readonly CommitTurnUsage[],
): usage is readonly CommitTurnUsage[] {
  return Array.isArray(usage);
}
