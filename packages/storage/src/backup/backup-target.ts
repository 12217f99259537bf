import type { Stats } from 'node:fs';
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { InvalidArgumentError } from '@exai/core';

/**
 * The file a backup to `path` creates or replaces. A symbolic link is followed: the backup lands at
 * its target and the link stays (the temporary file goes beside the target, so the final rename
 * stays on one file system). Anything but a new name or a regular file is refused before a byte is
 * written: renaming over a device, FIFO or socket would put a plain file in its place.
 */
export async function resolveBackupTarget(path: string): Promise<string> {
  // A path that cannot be looked at (a missing directory, no permission) is left to the open that
  // follows, which explains it.
  const entry = await lstat(path).catch(() => undefined);
  if (entry === undefined) return path;
  if (!entry.isSymbolicLink()) {
    refuseUnlessFile(path, entry);
    return path;
  }
  const target = await realpath(path).catch(async (cause: unknown) => {
    const destination = await readlink(path).catch(() => '?');
    throw refusal(
      path,
      (cause as NodeJS.ErrnoException).code === 'ELOOP'
        ? `it is a symbolic link that loops (to ${destination}); name a file instead`
        : `it is a symbolic link to ${destination}, which does not exist; name the file itself instead`,
      cause,
    );
  });
  refuseUnlessFile(path, await stat(target), target);
  return target;
}

function refuseUnlessFile(path: string, entry: Stats, linkTarget?: string): void {
  if (entry.isFile()) return;
  const kind = describeFileKind(entry);
  const what = linkTarget === undefined ? `it is ${kind}` : `it is a symbolic link to ${linkTarget}, ${kind}`;
  throw refusal(
    path,
    entry.isDirectory()
      ? `${what}; name a file, such as exai.backup.jsonl.gz inside it`
      : `${what}, not a regular file, and a backup would replace it; name a new file or an existing backup instead`,
  );
}

function describeFileKind(entry: Stats): string {
  if (entry.isDirectory()) return 'a directory';
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isSocket()) return 'a socket';
  return 'a special file';
}

function refusal(path: string, reason: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'path',
    message: `cannot write the backup to ${path}: ${reason}`,
    cause,
  });
}
