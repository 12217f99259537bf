/**
 * The idempotency keys `commitTurn` gives its two turns, derived from the commit's key: a repeated
 * commit finds the first one's turns by them, in every adapter alike.
 */
export function commitTurnKeys(idempotencyKey: string): [string, string] {
  return [`${idempotencyKey}:1`, `${idempotencyKey}:2`];
}
