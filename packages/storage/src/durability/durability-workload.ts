import { createHash } from 'node:crypto';

/** Which store the appender opens: a SQLite file, or a PostgreSQL schema. */
export type DurabilityStoreSpec =
  { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string; schema: string };

/** What the parent hands the appender process (as JSON, its one argument). */
export interface DurabilityWorkload {
  store: DurabilityStoreSpec;
  tenantId: string;
  threadId: string;
  /** Appends in all, each with its own idempotency key. */
  total: number;
  /** Appends started together; the next burst starts `burstIntervalInMs` later, whatever is still running. */
  burstSize: number;
  burstIntervalInMs: number;
}

/** One acknowledged append, as the appender prints it (a JSON line) once `appendTurn` resolved. */
export interface DurabilityAck {
  key: string;
  seq: number;
}

export function idempotencyKeyFor(index: number): string {
  return `append-${String(index).padStart(3, '0')}`;
}

/**
 * The content stored under `key`: the key and its SHA-256, repeated to 1–4 KB (so a turn spans
 * SQLite pages and a torn write cannot pass for a whole one).
 */
export function contentForKey(key: string): string {
  const digest = createHash('sha256').update(key).digest('hex');
  const repeats = 16 + (Number.parseInt(digest.slice(0, 2), 16) % 48);
  return `${key}:${digest.repeat(repeats)}`;
}

/** The acks in `text` (complete lines only: a line cut by the kill is not an ack). */
export function parseAckLines(text: string): DurabilityAck[] {
  const lines = text.split('\n');
  lines.pop(); // Empty, or a line whose newline never arrived.
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as DurabilityAck;
      if (typeof parsed.key !== 'string' || !Number.isSafeInteger(parsed.seq)) {
        throw new Error(`Not an ack line: ${line}`);
      }
      return parsed;
    });
}
