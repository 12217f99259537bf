import { currentCorrelation } from '@exai/core';
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
 * The process's one logger: pino JSON lines (or pretty ones), each stamped with the current
 * request's correlation id and tenant (from `@exai/core`'s correlation context), credentials
 * redacted.
 */
export function createExaiLogger({
  level = 'info',
  destination = process.stderr,
  pretty = false,
}: CreateExaiLoggerOptions = {}): Logger {
  const stream = pretty
    ? { write: (line: string) => destination.write(formatPrettyLine(line)) }
    : destination;
  const options = {
    base: { name: 'exai' },
    mixin() {
      const context = currentCorrelation();
      if (context === undefined) return {};
      return context.tenantId === undefined
        ? { correlationId: context.correlationId }
        : { correlationId: context.correlationId, tenantId: context.tenantId };
    },
  };
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
 * The `(line) => void` callback the rest of exai passes around, fed into `logger`: each line
 * becomes one entry (its level read from the line), so call sites keep logging plain sentences.
 */
export function lineLoggerOf(logger: Logger): (line: string) => void {
  const lines = lineLoggers.get(logger) ?? logger;
  return (line) => {
    const level = levelOfLine(line);
    if (logger.isLevelEnabled(level)) lines[level](line);
  };
}
