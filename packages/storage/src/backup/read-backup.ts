import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { InvalidArgumentError, type StoreRecord, type StoreRecordType } from '@exai/core';
import { recordChecksum, reviveRecord, type BackupHeader } from './backup-format.js';

const entryPrefix = '{"sha256":"';
const entryInfix = '","entry":';
const hashLength = 64;

export interface BackupProgress {
  records: number;
  bytesRead: number;
  totalBytes: number;
}

function backupError(path: string, message: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError({ argument: 'backup', message: `${path}: ${message}`, cause });
}

/**
 * Reads a backup file, checking its header, every record's checksum and the trailer. Yields the
 * header first, then the records. Throws naming the line for anything wrong.
 */
export async function* readBackup(
  path: string,
  onProgress?: (progress: BackupProgress) => void,
): AsyncGenerator<BackupHeader | StoreRecord> {
  const totalBytes = (
    await stat(path).catch((cause: unknown) => {
      throw backupError(path, 'cannot read the file (does it exist?)', cause);
    })
  ).size;
  const file = createReadStream(path);
  const gunzip = createGunzip();
  const lines = createInterface({ input: file.pipe(gunzip), crlfDelay: Infinity });
  file.on('error', (error) => gunzip.destroy(error));

  let lineNumber = 0;
  let records = 0;
  let ended = false;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (lineNumber === 1) {
        yield parseHeader(path, line);
        continue;
      }
      if (ended) throw backupError(path, `line ${lineNumber}: data after the end line`);
      if (!line.startsWith(entryPrefix)) {
        const trailer = parseJson(path, lineNumber, line) as { type?: string; records?: number };
        if (trailer.type !== 'end') throw backupError(path, `line ${lineNumber}: not a backup record`);
        if (trailer.records !== records) {
          throw backupError(
            path,
            `the end line counts ${trailer.records} records but the file has ${records}`,
          );
        }
        ended = true;
        continue;
      }
      const hash = line.slice(entryPrefix.length, entryPrefix.length + hashLength);
      const serialized = line.slice(entryPrefix.length + hashLength + entryInfix.length, -1);
      if (recordChecksum(serialized) !== hash) {
        throw backupError(
          path,
          `line ${lineNumber}: checksum mismatch; the file is corrupt (nothing was restored from it)`,
        );
      }
      const entry = parseJson(path, lineNumber, serialized) as {
        type: StoreRecordType;
        record: Record<string, unknown>;
      };
      records += 1;
      if (records % 500 === 0) onProgress?.({ records, bytesRead: file.bytesRead, totalBytes });
      yield reviveRecord(entry);
    }
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw error;
    throw backupError(
      path,
      `cannot read it as a gzip-compressed backup (${(error as Error).message})`,
      error,
    );
  } finally {
    lines.close();
    file.destroy();
  }
  if (lineNumber === 0) throw backupError(path, 'the file is empty');
  if (!ended) {
    throw backupError(
      path,
      `the file is truncated: no end line after ${records} records (was it copied completely?)`,
    );
  }
  onProgress?.({ records, bytesRead: totalBytes, totalBytes });
}

function parseJson(path: string, lineNumber: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw backupError(path, `line ${lineNumber}: not valid JSON`, cause);
  }
}

function parseHeader(path: string, line: string): BackupHeader {
  const header = parseJson(path, 1, line) as Partial<BackupHeader>;
  if (header.format !== 'exai-backup') throw backupError(path, 'not an exai backup (no exai-backup header)');
  if (header.formatVersion !== 1) {
    throw backupError(
      path,
      `backup format version ${String(header.formatVersion)} is newer than this exai reads (1); upgrade exai`,
    );
  }
  if (header.schemaVersion !== 1) {
    throw backupError(
      path,
      typeof header.schemaVersion === 'number' && header.schemaVersion > 1
        ? `backup record schema version ${header.schemaVersion} is newer than this exai restores (1); upgrade exai`
        : `backup record schema version ${String(header.schemaVersion)} is not one this exai knows (1)`,
    );
  }
  return header as BackupHeader;
}
