import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { PruneOptions, PruneResult, SessionStoreV1 } from './v1/index.js';

/** How long records are kept; an absent entry keeps that kind of record forever. */
export interface RetentionPolicy {
  /** Threads not updated for this long are deleted (with their turns and workflow state). */
  threadsInMs?: number;
  /** Usage records older than this are deleted. */
  usageInMs?: number;
  /** Audit events older than this are deleted. */
  auditInMs?: number;
}

const names = {
  threadsInMs: 'retention.threads',
  usageInMs: 'retention.usage',
  auditInMs: 'retention.audit',
};

/** Whether the policy deletes anything at all. */
export function hasRetention(policy: RetentionPolicy | undefined): policy is RetentionPolicy {
  return (
    policy !== undefined &&
    (policy.threadsInMs !== undefined || policy.usageInMs !== undefined || policy.auditInMs !== undefined)
  );
}

/** The cut-offs of `policy` at `now`, for `store.prune`. */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): PruneOptions {
  const before = (key: keyof RetentionPolicy): Date | undefined => {
    const age = policy[key];
    if (age === undefined) return undefined;
    if (!(Number.isFinite(age) && age > 0)) {
      throw new InvalidArgumentError({
        argument: names[key],
        message: `${names[key]} must be a positive duration, not ${age} milliseconds.`,
      });
    }
    return new Date(now.getTime() - age);
  };
  return {
    threadsUpdatedBefore: before('threadsInMs'),
    usageCreatedBefore: before('usageInMs'),
    auditBefore: before('auditInMs'),
  };
}

/** Applies `policy` to `store` at `now` (default: the current time) and says what it deleted. */
export async function applyRetention(
  store: SessionStoreV1,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<PruneResult> {
  if (!hasRetention(policy)) return { threads: 0, usage: 0, audit: 0 };
  return store.prune(retentionCutoffs(policy, now));
}
