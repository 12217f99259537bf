import { AbortedError, emitTelemetry, ExaiError, StoreUnavailableError } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';

/** Why an answer was returned without being stored, for the line that says so (`continuationFooter`). */
export interface TurnNotSaved {
  /** The store error's code, e.g. `store_unavailable`. */
  code: string;
  /** What failed, as a person reads it: `the session store (postgres) was unavailable`. */
  reason: string;
  /** The conversation the exchange was to be added to; it still ends before this answer. */
  continuationId?: string | undefined;
}

/**
 * Whether storing a finished exchange failed because the store is out — a retryable store error
 * such as `store_unavailable` (PostgreSQL unreachable or timing out, a SQLite lock that outlasted
 * its wait), or any `store_unavailable`, retryable or not (a damaged SQLite file, a Supabase schema
 * without a migration this exai needs) — so the answer, already paid for, is still returned, unsaved. A cancelled
 * call (the client no longer wants it), a thread deleted meanwhile (`record_not_found`), a turn
 * limit reached and every other error stay errors.
 */
export function isStoreOutage(error: unknown, signal: AbortSignal): error is ExaiError {
  if (signal.aborted || AbortedError.isInstance(error)) return false;
  // A store that cannot take the write at all (a damaged file, a schema behind the code) is out as
  // well: retrying would not help, but the answer is still worth returning.
  return ExaiError.isInstance(error) && (error.isRetryable || StoreUnavailableError.isInstance(error));
}

/**
 * Logs (a warning, with the call's correlation id) and counts (`turn-not-saved` telemetry) an
 * answer returned without being stored, and says why for the result.
 */
export function reportTurnNotSaved(
  context: Pick<ToolContext, 'log' | 'tenantId' | 'correlationId'>,
  {
    toolName,
    answeredBy,
    continuationId,
    error,
  }: { toolName: string; answeredBy: string; continuationId?: string | undefined; error: ExaiError },
): TurnNotSaved {
  const where = continuationId === undefined ? 'a new conversation' : `conversation ${continuationId}`;
  const request = context.correlationId === undefined ? '' : ` (request ${context.correlationId})`;
  context.log(
    `exai: warning: ${toolName}: returned the answer of ${answeredBy} without storing it in ${where}: ` +
      `${error.code}: ${error.message}${request}`,
  );
  emitTelemetry({
    type: 'turn-not-saved',
    tool: toolName,
    errorCode: error.code,
    tenantId: context.tenantId,
  });
  const store = StoreUnavailableError.isInstance(error) ? ` (${error.store})` : '';
  return {
    code: error.code,
    reason: `the session store${store} was unavailable`,
    ...(continuationId !== undefined && { continuationId }),
  };
}

/**
 * The sentences that take the `continuation_id` line's place when the answer was not stored: what
 * failed, that it cannot be continued, and what to do instead. `answered` says who answered
 * (`answered by kimi:kimi-k2`), `subject` what was not stored (default `this answer`).
 */
export function notSavedText(notSaved: TurnNotSaved, answered: string, subject = 'this answer'): string {
  const { code, reason, continuationId } = notSaved;
  const where =
    continuationId === undefined
      ? `${subject} cannot be continued with a continuation_id`
      : `${subject} was not added to conversation ${continuationId} and cannot be continued with a continuation_id`;
  const before =
    continuationId === undefined
      ? ''
      : `; continuation_id ${continuationId} still continues the conversation before it`;
  return (
    `Not saved (${answered}): ${reason} (${code}), so ${where}. ` +
    `To go on, include what you need from ${subject} in the prompt of your next call${before}.`
  );
}
