import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '@exai/core';
import { isOperation, type Operation } from './jsonl-operations.js';

/** One line of the log: a call that changed the store, and the time it was made. */
export interface LogLine {
  op: Operation;
  input: unknown;
  at: Date;
}

/** The first line of every log says what the file is, and when it was created. */
const header = { op: 'create-log', format: 'exai-session-log', version: 1 } as const;

/**
 * Fields that hold dates, at the top level of a call's input or of an imported record. JSON
 * writes a `Date` as an ISO string; these turn back into dates when the log is read. User JSON
 * one level deeper (`metadata`, `state`, `detail`, `settings`) is left alone.
 */
const dateFields = new Set([
  'at',
  'now',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'revokedAt',
  'lastUsedAt',
  'threadsUpdatedBefore',
  'usageCreatedBefore',
  'auditBefore',
]);

/** The line for a call, newline included. Input that JSON cannot hold is refused before anything changes. */
export function encodeLine(line: LogLine): string {
  try {
    return `${JSON.stringify(line)}\n`;
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: 'input',
      message: `The call's input cannot be written to the log as JSON: ${(cause as Error).message}.`,
      cause,
    });
  }
}

/** Parses one line of the log; throws an `Error` saying what is wrong with it. */
function decodeLine(text: string): LogLine {
  const parsed = JSON.parse(text) as { op?: unknown; input?: unknown; at?: unknown };
  const at = new Date(typeof parsed.at === 'string' ? parsed.at : Number.NaN);
  if (Number.isNaN(at.getTime())) throw new Error('it has no valid `at` time');
  if (!isOperation(parsed.op)) throw new Error(`${JSON.stringify(parsed.op)} is not a known operation`);
  const input = reviveDates(parsed.input);
  if (parsed.op === 'importRecord') input.record = reviveDates(input.record);
  return { op: parsed.op, input, at };
}

function reviveDates(value: unknown): Record<string, unknown> {
  const fields = { ...(value as Record<string, unknown>) };
  for (const [key, field] of Object.entries(fields)) {
    if (dateFields.has(key) && typeof field === 'string') fields[key] = new Date(field);
  }
  return fields;
}

export interface OpenedLog {
  /** Open for appending; the caller closes it. */
  file: FileHandle;
  /** When the log was created: the `createdAt` of the tenant `default`. */
  createdAt: Date;
  /** The calls to replay, oldest first, with their line numbers for error messages. */
  lines: (LogLine & { lineNumber: number })[];
}

/**
 * Opens the log at `path`, creating it (and its directory) when missing, readable by its owner
 * only: it holds conversations. A last line without its newline was cut short by a crash while
 * being written; the call it records never returned to its caller, so it is dropped and the
 * file is cut back to its last complete line. Throws an `Error` naming the line for anything else.
 */
export async function openLogFile(path: string, now: () => Date): Promise<OpenedLog> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const file = await open(path, 'a+', 0o600);
  try {
    const data = await file.readFile();
    const end = data.lastIndexOf(0x0a) + 1;
    const texts = data.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
    if (texts.length === 0) {
      if (data.length > 0) throw new Error('the file is not an exai session log (it has no complete line)');
      const createdAt = now();
      await file.appendFile(`${JSON.stringify({ ...header, at: createdAt })}\n`);
      return { file, createdAt, lines: [] };
    }
    const createdAt = readHeader(texts[0]!);
    const lines = texts.slice(1).map((text, index) => {
      try {
        return { ...decodeLine(text), lineNumber: index + 2 };
      } catch (error) {
        throw new Error(`line ${index + 2}: ${(error as Error).message}`, { cause: error });
      }
    });
    // Cut a torn last line only once the file is known to be a log: never shorten someone else's file.
    if (end < data.length) await file.truncate(end);
    return { file, createdAt, lines };
  } catch (error) {
    await file.close();
    throw error;
  }
}

function readHeader(text: string): Date {
  let parsed: Partial<Record<keyof typeof header | 'at', unknown>> = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Reported below.
  }
  if (parsed.op !== header.op || parsed.format !== header.format) {
    throw new Error('line 1: the file is not an exai session log');
  }
  if (parsed.version !== header.version) {
    throw new Error(`line 1: log version ${String(parsed.version)} is not one this adapter reads`);
  }
  const createdAt = new Date(typeof parsed.at === 'string' ? parsed.at : Number.NaN);
  if (Number.isNaN(createdAt.getTime())) throw new Error('line 1: the header has no valid `at` time');
  return createdAt;
}
