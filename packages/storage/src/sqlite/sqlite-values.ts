import { InvalidArgumentError } from '@exai/core';
import type Database from 'better-sqlite3';

/** What every query module needs. */
export interface SqliteContext {
  db: Database.Database;
  now: () => Date;
}

/** Milliseconds since the epoch; accepts the ISO strings and numbers a backup file may hold. */
export function toMs(value: Date | string | number, argument = 'date'): number {
  const ms = value instanceof Date ? value.getTime() : new Date(value).getTime();
  if (!Number.isFinite(ms)) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} is not a valid date: ${String(value)}.`,
    });
  }
  return ms;
}

export function toOptionalMs(
  value: Date | string | number | null | undefined,
  argument?: string,
): number | null {
  return value === undefined || value === null ? null : toMs(value, argument);
}

export function fromOptionalMs(value: number | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}

export function toJson(value: unknown, fallback: unknown): string {
  return JSON.stringify(value ?? fallback);
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `null` for `undefined`, since SQLite binds no `undefined`. */
export function orNull<T>(value: T | undefined | null): T | null {
  return value ?? null;
}

/** A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\` escaped (use `ESCAPE '\'`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
