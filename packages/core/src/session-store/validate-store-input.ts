import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { plainJsonCopy } from './plain-json-copy.js';
import type { TurnRole, UsageStatus } from './v1/index.js';

/**
 * Checks for the arguments a session store is called with. Each throws an `InvalidArgumentError`
 * naming the argument, and returns the value (a copy where it is mutable).
 */

const turnRoles: readonly TurnRole[] = ['system', 'user', 'assistant', 'tool'];
const usageStatuses: readonly UsageStatus[] = ['ok', 'error'];

/** The most a page may hold, and what it holds when no limit is given. */
export const maxPageLimit = 500;
export const defaultPageLimit = 50;

function invalid(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument, message: `\`${argument}\` ${message}.` });
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'an invalid Date';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/** An id or other key: a string with at least one non-space character. */
export function requireId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(argument, `must be a non-empty string, not ${describeValue(value)}`);
  }
  return value;
}

export function optionalId(argument: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireId(argument, value);
}

export function requireString(argument: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(argument, `must be a string, not ${describeValue(value)}`);
  return value;
}

export function optionalString(argument: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireString(argument, value);
}

export function requireInteger(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid(argument, `must be an integer, not ${describeValue(value)}`);
  }
  return value;
}

export function requireNonNegativeInteger(argument: string, value: unknown): number {
  const integer = requireInteger(argument, value);
  if (integer < 0) throw invalid(argument, `must not be negative, not ${integer}`);
  return integer;
}

export function requirePositiveInteger(argument: string, value: unknown): number {
  const integer = requireInteger(argument, value);
  if (integer < 1) throw invalid(argument, `must be at least 1, not ${integer}`);
  return integer;
}

export function optionalNonNegativeNumber(argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(argument, `must be a finite number of at least 0, not ${describeValue(value)}`);
  }
  return value;
}

export function requireDate(argument: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(argument, `must be a valid Date, not ${describeValue(value)}`);
  }
  return new Date(value.getTime());
}

export function optionalDate(argument: string, value: unknown): Date | undefined {
  return value === undefined ? undefined : requireDate(argument, value);
}

/** A plain JSON object, copied through JSON as a SQL store keeps it (so `Date`s become strings). */
export function requireJsonObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(argument, `must be a plain object, not ${describeValue(value)}`);
  }
  const plain = plainJsonCopy(value);
  if (plain !== undefined) return plain;
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
  if (!turnRoles.includes(value as TurnRole)) {
    throw invalid('role', `must be one of ${turnRoles.join(', ')}, not ${describeValue(value)}`);
  }
  return value as TurnRole;
}

export function requireUsageStatus(value: unknown): UsageStatus {
  if (!usageStatuses.includes(value as UsageStatus)) {
    throw invalid('status', `must be one of ${usageStatuses.join(', ')}, not ${describeValue(value)}`);
  }
  return value as UsageStatus;
}

/** A page size: 1 to 500, default 50. */
export function pageLimit(value: unknown): number {
  if (value === undefined) return defaultPageLimit;
  const limit = requireInteger('limit', value);
  if (limit < 1 || limit > maxPageLimit) {
    throw invalid('limit', `must be between 1 and ${maxPageLimit}, not ${limit}`);
  }
  return limit;
}
