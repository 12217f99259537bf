import { createHash } from 'node:crypto';
import type { StoreRecord, StoreRecordType } from '@exai/core';

/** The first line of a backup file. */
export interface BackupHeader {
  format: 'exai-backup';
  /** The version of this file format. */
  formatVersion: 1;
  /** The record schema: `SessionStoreV1` records. */
  schemaVersion: 1;
  createdAt: string;
  /** The adapter the backup was taken from. */
  source: string;
}

/** The last line: its presence proves the file was not cut short. */
export interface BackupTrailer {
  type: 'end';
  records: number;
}

export const BACKUP_FORMAT_VERSION = 1;

/** Field names that hold dates in some record type; they travel as ISO strings. */
const dateFields = new Set(['createdAt', 'updatedAt', 'expiresAt', 'revokedAt', 'lastUsedAt', 'at']);

/** The canonical JSON of a record: dates as ISO strings, undefined fields left out. */
export function serializeRecord(record: StoreRecord): string {
  return JSON.stringify(record, (_key, value: unknown) => (value === undefined ? undefined : value));
}

export function recordChecksum(serialized: string): string {
  return createHash('sha256').update(serialized).digest('hex');
}

/** Turns a parsed backup line back into a record with `Date` fields and explicit undefineds. */
export function reviveRecord(value: { type: StoreRecordType; record: Record<string, unknown> }): StoreRecord {
  const record: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value.record)) {
    record[key] = dateFields.has(key) && typeof field === 'string' ? new Date(field) : field;
  }
  for (const key of optionalFields[value.type]) if (!(key in record)) record[key] = undefined;
  return { type: value.type, record } as unknown as StoreRecord;
}

/** Optional fields per type, restored as `undefined` when absent from the file. */
const optionalFields: Record<StoreRecordType, readonly string[]> = {
  tenant: [],
  'api-key': ['revokedAt', 'lastUsedAt'],
  thread: ['title', 'expiresAt'],
  turn: ['toolName', 'model', 'idempotencyKey'],
  'workflow-state': [],
  file: ['filename', 'expiresAt'],
  usage: ['threadId', 'costInUsd', 'errorCode'],
  audit: ['actor', 'target'],
  task: ['statusMessage', 'result', 'ttlInMs', 'pollIntervalInMs', 'expiresAt'],
  'stream-event': ['expiresAt'],
};
