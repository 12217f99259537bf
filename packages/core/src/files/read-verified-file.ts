import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { FileNotFoundError } from '../errors/file-not-found-error.js';
import { FileTooLargeError } from '../errors/file-too-large-error.js';
import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import type { FileAccess } from './file-access.js';
import { normalizeAbsolutePath } from './path-platform.js';
import { errorCode, unreadableError } from './resolve-inside-roots.js';

export interface ReadLimit {
  maxBytes: number;
  /** The option that sets `maxBytes`, named in the error. */
  option: string;
}

/**
 * Reads a regular file at a real path `resolveInsideRoots` returned, at most `maxBytes` of it.
 * The file is opened without following a final symbolic link and without blocking on a FIFO, and
 * must still be the file at that real path once open, so a link swapped in after the checks
 * cannot redirect the read.
 */
export async function readVerifiedFile(
  input: string,
  realPath: string,
  access: FileAccess,
  { maxBytes, option }: ReadLimit,
): Promise<{ bytes: Buffer; stats: Stats }> {
  const handle = await openFile(input, realPath);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notAFileError(input, stats);
    await assertStillAt(input, realPath, stats, access);
    if (stats.size > maxBytes)
      throw new FileTooLargeError({ path: input, bytes: stats.size, maxBytes, option });
    const bytes = await readAtMost(handle, maxBytes + 1, stats.size);
    if (bytes.length > maxBytes)
      throw new FileTooLargeError({ path: input, bytes: bytes.length, maxBytes, option });
    return { bytes, stats };
  } finally {
    await handle.close();
  }
}

export function notAFileError(input: string, stats: Stats): PathNotAllowedError {
  return new PathNotAllowedError({
    path: input,
    rule: 'not-a-file',
    message: stats.isDirectory()
      ? `The path "${input}" is a folder, not a file; name a file inside it, or expand the folder into its files.`
      : `The path "${input}" is not a regular file (a FIFO, socket or device), and exai reads regular files only.`,
  });
}

async function openFile(input: string, realPath: string): Promise<FileHandle> {
  // O_NOFOLLOW and O_NONBLOCK do not exist on Windows; there the identity check below still applies.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  try {
    return await open(realPath, flags);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') throw changedWhileOpeningError(input, error);
    if (code === 'ENOENT') throw new FileNotFoundError({ path: input, cause: error });
    if (code === 'EISDIR') {
      throw new PathNotAllowedError({
        path: input,
        rule: 'not-a-file',
        cause: error,
        message: `The path "${input}" is a folder, not a file; name a file inside it, or expand the folder into its files.`,
      });
    }
    throw unreadableError(input, error);
  }
}

async function assertStillAt(
  input: string,
  realPath: string,
  opened: Stats,
  access: FileAccess,
): Promise<void> {
  try {
    const realAgain = normalizeAbsolutePath(await realpath(realPath), access.pathPlatform);
    const atPath = await stat(realAgain);
    if (realAgain === realPath && atPath.dev === opened.dev && atPath.ino === opened.ino) return;
  } catch (error) {
    throw changedWhileOpeningError(input, error);
  }
  throw changedWhileOpeningError(input, undefined);
}

function changedWhileOpeningError(input: string, cause: unknown): PathNotAllowedError {
  return new PathNotAllowedError({
    path: input,
    rule: 'symlink-escape',
    cause,
    message: `The path "${input}" changed while exai was opening it (a symbolic link was swapped in); try again once it is stable.`,
  });
}

/** Reads until the end of the file or `limit` bytes, whichever comes first, growing as it goes. */
async function readAtMost(handle: FileHandle, limit: number, expectedSize: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < limit) {
    const chunk = Buffer.alloc(Math.min(limit - length, Math.max(expectedSize - length, 0) + 1, 1 << 20));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    length += bytesRead;
  }
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, length);
}
