import type { PostgresExecutor } from '../executor/postgres-executor.js';

/** What every query module is given. */
export interface StoreContext {
  executor: PostgresExecutor;
  now: () => Date;
}

/** `jsonb` values arrive parsed; this keeps the record types honest when a column is null. */
export function jsonObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function optionalDate(value: Date | null): Date | undefined {
  return value ?? undefined;
}

export function optionalText(value: string | null): string | undefined {
  return value ?? undefined;
}
