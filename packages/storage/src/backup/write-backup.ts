import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { SessionStoreV1 } from '@exai/core';
import { recordChecksum, serializeRecord, type BackupHeader, type BackupTrailer } from './backup-format.js';

export interface WriteBackupOptions {
  store: SessionStoreV1;
  /** The file to write (gzip-compressed JSON lines). Written to a temporary name, then renamed. */
  path: string;
  onProgress?: (progress: { records: number }) => void;
  now?: () => Date;
}

/**
 * Writes every record of a store to a portable backup: gzip-compressed JSON lines, a header with
 * the format and schema versions, one line per record with its SHA-256, and a trailer with the
 * count. Any adapter can restore it.
 */
export async function writeBackup({
  store,
  path,
  onProgress,
  now = () => new Date(),
}: WriteBackupOptions): Promise<{ records: number }> {
  const temporaryPath = `${path}.partial`;
  const lines = new PassThrough();
  const done = pipeline(lines, createGzip(), createWriteStream(temporaryPath, { mode: 0o600 }));
  const write = async (value: unknown) => {
    if (!lines.write(`${JSON.stringify(value)}\n`)) await once(lines, 'drain');
  };

  let records = 0;
  try {
    const header: BackupHeader = {
      format: 'exai-backup',
      formatVersion: 1,
      schemaVersion: 1,
      createdAt: now().toISOString(),
      source: store.kind,
    };
    await write(header);
    for await (const record of store.exportRecords()) {
      const serialized = serializeRecord(record);
      if (!lines.write(`{"sha256":"${recordChecksum(serialized)}","entry":${serialized}}\n`)) {
        await once(lines, 'drain');
      }
      records += 1;
      if (records % 500 === 0) onProgress?.({ records });
    }
    const trailer: BackupTrailer = { type: 'end', records };
    await write(trailer);
    lines.end();
    await done;
  } catch (error) {
    lines.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  await rename(temporaryPath, path);
  onProgress?.({ records });
  return { records };
}
