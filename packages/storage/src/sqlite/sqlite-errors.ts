import {
  ExaiError,
  InvalidArgumentError,
  RecordExistsError,
  RecordNotFoundError,
  StoreUnavailableError,
} from '@exai/core';

import { describeUnusableSqliteFile } from './unusable-sqlite-file.js';

const unavailableCodes = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_PROTOCOL',
  'SQLITE_READONLY',
];

/** What a record is and which parent it needs, for constraint errors. */
export interface ConstraintContext {
  recordType: string;
  recordId: string;
  parentType?: string;
  parentId?: string;
}

/** Turns a better-sqlite3 error into the contract's typed error; other errors pass through. */
export function mapSqliteError(error: unknown, context?: ConstraintContext): unknown {
  if (ExaiError.isInstance(error)) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const unusable = describeUnusableSqliteFile(code, 'the database file');
  if (unusable !== undefined) {
    return new StoreUnavailableError({
      store: 'sqlite',
      message: `SQLite store unavailable: ${unusable}.`,
      cause: error,
      isRetryable: false,
    });
  }
  if (unavailableCodes.some((prefix) => code.startsWith(prefix))) {
    return new StoreUnavailableError({
      store: 'sqlite',
      message: `SQLite store unavailable: ${message}`,
      cause: error,
    });
  }
  if (error instanceof TypeError && /database connection is not open/i.test(message)) {
    return new StoreUnavailableError({
      store: 'sqlite',
      message: 'The SQLite store is closed.',
      cause: error,
    });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new RecordNotFoundError({
      recordType: context?.parentType ?? 'parent record',
      recordId: context?.parentId ?? 'unknown',
    });
  }
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new RecordExistsError({
      recordType: context?.recordType ?? 'record',
      recordId: context?.recordId ?? 'unknown',
    });
  }
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
    return new InvalidArgumentError({
      argument: context?.recordType ?? 'input',
      message: `The store refused the ${context?.recordType ?? 'record'}: ${message}.`,
      cause: error,
    });
  }
  if (error instanceof TypeError && /can only bind/i.test(message)) {
    return new InvalidArgumentError({ argument: 'input', message, cause: error });
  }
  return error;
}
