import type { LogFields } from '@exai/mcp';
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { formatPrettyLine } from './pretty-log-line.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Where log lines go: anything with `write(text)` (stderr, a batched writer, a test buffer). */
export interface LogDestination {
  write(text: string): unknown;
}

export interface CreateExaiLoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Default: `process.stderr`. Never stdout: under stdio, stdout carries the protocol. */
  destination?: LogDestination;
  /** One readable line per entry instead of JSON (for a terminal). Default false. */
  pretty?: boolean;
}

/**
 * Field paths whose values never reach a log line. Credentials are also stripped from messages
 * by the transport; this covers objects logged as fields.
 */
export const redactedLogPaths = [
  'authorization',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.apiKey',
  '*.api_key',
  '*.token',
  '*.password',
  '*.secret',
];

/**
 * The logger each `createExaiLogger` logger hands `lineLoggerOf`: the same options and stream
 * without `redact`. A line is a plain sentence with no fields to redact, and pino's redaction runs
 * its wildcard paths over every value of every entry, the message included: about 30 µs a line
 * against about 4 µs without it (see docs/performance.md).
 */
const lineLoggers = new WeakMap<Logger, Logger>();

/**
 * The process's one logger: pino JSON lines (or pretty ones), credentials redacted. A line logged
 * for a request carries its correlation id and tenant as fields (see `lineLoggerOf`).
 */
export function createExaiLogger({
  level = 'info',
  destination = process.stderr,
  pretty = false,
}: CreateExaiLoggerOptions = {}): Logger {
  const stream = pretty
    ? { write: (line: string) => destination.write(formatPrettyLine(line)) }
    : destination;
  const options = { base: { name: 'exai' } };
  const logger = pino(
    {
      ...options,
      level: level as LevelWithSilent,
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
    },
    stream,
  );
  // Every level: whether a line is written is decided by `logger`'s level, which may change.
  lineLoggers.set(logger, pino({ ...options, level: 'trace' }, stream));
  return logger;
}

/** `exai: warning: …` lines are warnings, lines saying something failed are errors, the rest info. */
function levelOfLine(line: string): 'warn' | 'error' | 'info' {
  if (line.startsWith('exai: warning:')) return 'warn';
  if (/\bfailed\b/.test(line)) return 'error';
  return 'info';
}

/**
 * The `(line, fields?) => void` callback the rest of exai passes around, fed into `logger`: each
 * line becomes one entry (its level read from the line), so call sites keep logging plain
 * sentences; a line about one request passes its `correlationId` and `tenantId`, which become
 * fields of the entry.
 */
export function lineLoggerOf(logger: Logger): (line: string, fields?: LogFields) => void {
  const lines = lineLoggers.get(logger) ?? logger;
  return (line, fields) => {
    const level = levelOfLine(line);
    if (!logger.isLevelEnabled(level)) return;
    if (fields === undefined) lines[level](line);
    else lines[level](presentFields(fields), line);
  };
}

/** The fields that are set, so an entry never holds `"tenantId": undefined`. */
function presentFields({ correlationId, tenantId }: LogFields): LogFields {
  if (tenantId === undefined) return correlationId === undefined ? {} : { correlationId };
  return correlationId === undefined ? { tenantId } : { correlationId, tenantId };
}
