import { once } from 'node:events';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { InvalidArgumentError, type SessionStoreV1 } from '@exai/core';
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
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw fileError(path, 'EISDIR');
  const file = await open(temporaryPath, 'w', 0o600).catch((error: unknown) => {
    throw fileError(path, (error as NodeJS.ErrnoException).code, error);
  });
  const lines = new PassThrough();
  const done = pipeline(lines, createGzip(), file.createWriteStream());
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
    await rename(temporaryPath, path);
  } catch (error) {
    lines.destroy(error as Error);
    await done.catch(() => undefined);
    await file.close().catch(() => undefined);
    await rm(temporaryPath, { force: true });
    throw isFileSystemError(error) ? fileError(path, error.code, error) : error;
  }
  onProgress?.({ records });
  return { records };
}

/** Calls on the backup file; a store's own errors (a lost connection) are passed on unchanged. */
const fileCalls = new Set(['open', 'write', 'rename', 'close', 'fsync']);

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && syscall !== undefined && fileCalls.has(syscall);
}

/** A filesystem failure as an error naming the path and what to do about it. */
function fileError(path: string, code: string | undefined, cause?: unknown): InvalidArgumentError {
  const reason =
    code === 'ENOENT'
      ? `the directory ${dirname(path)} does not exist; create it or write the backup elsewhere`
      : code === 'EISDIR'
        ? 'it is a directory; name a file, such as exai.backup.jsonl.gz inside it'
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied; pick a path you can write, or change the permissions of ${dirname(path)}`
          : String((cause as Error | undefined)?.message ?? code);
  return new InvalidArgumentError({
    argument: 'path',
    message: `cannot write the backup to ${path}: ${reason}`,
    cause,
  });
}
