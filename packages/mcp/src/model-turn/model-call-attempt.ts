import { AllModelsFailedError } from '@exai/core';
import type { LanguageModelV1Usage, ModelCallPlan, ResolvedModel } from '@exai/core';

/** A model by its `provider:model` spec, and its catalogue entry when it has one. */
export type AttemptedModel = Pick<ResolvedModel, 'spec' | 'info'>;

/**
 * How far the model call of a turn got, kept up to date by `callTurnModel`, so the usage record of
 * a call that fails (`recordFailedUsage`) can say which model was asked and what it used. Until
 * `startedAt` is set no model was asked: a call refused before that (by the tenant's limits, say)
 * leaves no usage record.
 */
export interface ModelCallAttempt {
  /** `performance.now()` when the model call started. */
  startedAt?: number | undefined;
  /** The model the call is with: the planned one, then the one that answered (or started streaming). */
  model?: AttemptedModel | undefined;
  /** The tokens the provider reported, when it reported any (an answer over the size cap, say). */
  usage?: LanguageModelV1Usage | undefined;
  /** The model answered in full: what fails after that (storing the turn) is not a failed call. */
  answered?: boolean | undefined;
}

/**
 * The model a failed call was last with: after every model of a fallback chain failed, the last
 * one asked (a configured fallback that did not resolve was never asked); otherwise the one the
 * call was with (the planned one unless a fallback had started answering).
 */
export function lastModelTried(
  attempt: ModelCallAttempt,
  plan: ModelCallPlan,
  error: unknown,
): AttemptedModel {
  const current = attempt.model ?? plan.primary;
  if (!AllModelsFailedError.isInstance(error)) return current;
  for (const tried of [...error.attempts].reverse()) {
    for (const entry of plan.entries) {
      if ('resolved' in entry && entry.resolved.spec === tried.model) return entry.resolved;
    }
  }
  return current;
}
