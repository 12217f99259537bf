import { InvalidArgumentError, type TurnRole, type UsageStatus } from '@exai/core';

const turnRoles: readonly string[] = ['system', 'user', 'assistant', 'tool'] satisfies TurnRole[];
const usageStatuses: readonly string[] = ['ok', 'error'] satisfies UsageStatus[];

function invalid(argument: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument, message: `\`${argument}\` ${problem}.` });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'an invalid Date';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/** An id or other key: a string with at least one non-space character. */
export function requireId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(argument, `must be a non-empty string, not ${describe(value)}`);
  return value;
}

export function optionalId(argument: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireId(argument, value);
}

export function requireString(argument: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(argument, `must be a string, not ${describe(value)}`);
  return value;
}

export function optionalString(argument: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireString(argument, value);
}

export function requireInteger(argument: string, value: unknown, minimum = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid(argument, `must be an integer, not ${describe(value)}`);
  }
  if (value < minimum) throw invalid(argument, `must be at least ${minimum}, not ${value}`);
  return value;
}

export function optionalNonNegativeNumber(argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(argument, `must be a finite number of at least 0, not ${describe(value)}`);
  }
  return value;
}

export function requireDate(argument: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(argument, `must be a valid Date, not ${describe(value)}`);
  return new Date(value.getTime());
}

export function optionalDate(argument: string, value: unknown): Date | undefined {
  return value === undefined ? undefined : requireDate(argument, value);
}

/** A plain object, copied through JSON as it will be stored (so `Date`s become strings). */
export function requireJsonObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(argument, `must be a plain object, not ${describe(value)}`);
  }
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidArgumentError({
      argument,
      message: `\`${argument}\` must be serialisable as JSON: ${(cause as Error).message}.`,
      cause,
    });
  }
}

export function optionalJsonObject(argument: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : requireJsonObject(argument, value);
}

export function optionalStringArray(argument: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalid(argument, 'must be an array of strings');
  }
  return [...(value as string[])];
}

export function requireRole(value: unknown): TurnRole {
  if (!turnRoles.includes(value as string))
    throw invalid('role', `must be one of ${turnRoles.join(', ')}, not ${describe(value)}`);
  return value as TurnRole;
}

export function requireUsageStatus(value: unknown): UsageStatus {
  if (!usageStatuses.includes(value as string)) {
    throw invalid('status', `must be one of ${usageStatuses.join(', ')}, not ${describe(value)}`);
  }
  return value as UsageStatus;
}
