import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { SessionStoreV1 } from '@exai/core';
import { recordChecksum, serializeRecord, type BackupHeader, type BackupTrailer } from './backup-format.js';
import { mapBackupFileError } from './backup-file-error.js';
import { resolveBackupTarget } from './backup-target.js';

export interface WriteBackupOptions {
  store: SessionStoreV1;
  /**
   * The file to write (gzip-compressed JSON lines). Written to a temporary name beside it, then
   * renamed. A symbolic link is followed (its target is written, the link stays); a path that is
   * neither a regular file nor a new name (a device, FIFO, socket, directory) is refused.
   */
  path: string;
  onProgress?: (progress: { records: number }) => void;
  now?: () => Date;
  /** Stops the backup: the unfinished copy is deleted and the promise rejects with the reason. */
  abortSignal?: AbortSignal;
}

/**
 * Writes every record of a store to a portable backup: gzip-compressed JSON lines, a header with
 * the format and schema versions, one line per record with its SHA-256, and a trailer with the
 * count. Any adapter can restore it. Returns the file written: `path`, or its target when `path` is
 * a symbolic link.
 *
 * A path the caller cannot use is an `InvalidArgumentError`; a failure while writing (a full disk,
 * an I/O error) is a `BackupWriteError`. Either way, and when `abortSignal` stops it, the
 * unfinished copy is deleted and a file already at `path` is left as it was.
 */
export async function writeBackup({
  store,
  path,
  onProgress,
  now = () => new Date(),
  abortSignal,
}: WriteBackupOptions): Promise<{ records: number; path: string }> {
  abortSignal?.throwIfAborted();
  const target = await resolveBackupTarget(path);
  // A new name that no one else writes (`wx` never opens a file or link that is already there).
  const temporaryPath = `${target}.${randomBytes(4).toString('hex')}.partial`;
  const file = await open(temporaryPath, 'wx', 0o600).catch((error: unknown) => {
    throw mapBackupFileError(target, error);
  });
  const lines = new PassThrough();
  // `flush`: fsync before close, since some file systems (NFS, quotas) report a full disk only then.
  const done = pipeline(lines, createGzip(), file.createWriteStream({ flush: true }));
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
      abortSignal?.throwIfAborted();
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
    abortSignal?.throwIfAborted();
    await rename(temporaryPath, target);
  } catch (error) {
    lines.destroy(error as Error);
    await done.catch(() => undefined);
    await file.close().catch(() => undefined);
    await rm(temporaryPath, { force: true });
    throw isFileSystemError(error) ? mapBackupFileError(target, error, { removed: true }) : error;
  }
  onProgress?.({ records });
  return { records, path: target };
}

/** Calls on the backup file; a store's own errors (a lost connection) are passed on unchanged. */
const fileCalls = new Set(['open', 'write', 'writev', 'rename', 'close', 'fsync']);

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && syscall !== undefined && fileCalls.has(syscall);
}
