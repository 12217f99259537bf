import { InvalidArgumentError, RecordExistsError, RecordNotFoundError } from '@exai/core';
import { sqlState } from '../executor/classify-postgres-error.js';

export interface ConstraintContext {
  /** The record a unique violation (23505) is about. */
  exists?: { recordType: string; recordId: string };
  /** The parent a foreign-key violation (23503) is about. */
  parent?: { recordType: string; recordId: string };
}

/**
 * Turns constraint violations into the contract's typed errors: 23505 → `RecordExistsError`,
 * 23503 → `RecordNotFoundError`, 23514 (a check) → `InvalidArgumentError`. Anything else comes back
 * unchanged.
 */
export function mapConstraintError(error: unknown, context: ConstraintContext): unknown {
  const state = sqlState(error);
  if (state === '23505' && context.exists !== undefined) return new RecordExistsError(context.exists);
  if (state === '23503' && context.parent !== undefined) return new RecordNotFoundError(context.parent);
  if (state === '23514') {
    const constraint = (error as { constraint?: string }).constraint ?? 'a check constraint';
    return new InvalidArgumentError({
      argument: constraint,
      message: `The value breaks ${constraint}: ${(error as Error).message}.`,
      cause: error,
    });
  }
  return error;
}

/** Runs `fn`, mapping constraint violations (see `mapConstraintError`). */
export async function withConstraintErrors<T>(context: ConstraintContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapConstraintError(error, context);
  }
}
