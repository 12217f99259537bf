import { realpath } from 'node:fs/promises';
import type { DenyEntry } from './deny-list.js';
import { isPathInside, normalizeAbsolutePath, type PathPlatform } from './path-platform.js';

/** What every check of one call works from: the roots and the deny list, each also with its symbolic links resolved. */
export interface FileAccess {
  pathPlatform: PathPlatform;
  /** The allowed roots as configured, normalised; relative paths resolve against the first. */
  roots: readonly string[];
  /** The same roots with every symbolic link resolved (as configured when a root does not exist). */
  realRoots: readonly string[];
  /** The deny list, plus the real path of every entry reached through a symbolic link. */
  denyList: readonly DenyEntry[];
}

/**
 * Resolves the symbolic links of the roots and the deny list afresh for each call, so a root that
 * is itself a link is checked by where it points now, not where it pointed at start-up.
 */
export async function loadFileAccess({
  roots,
  denyList,
  pathPlatform,
}: {
  roots: readonly string[];
  denyList: readonly DenyEntry[];
  pathPlatform: PathPlatform;
}): Promise<FileAccess> {
  const realRoots = await Promise.all(
    roots.map(async (root) => (await realPathOf(root, pathPlatform)) ?? root),
  );
  const realDenyEntries = await Promise.all(
    denyList.map(async (entry) => {
      if (entry.anyDrive) return undefined;
      const real = await realPathOf(entry.path, pathPlatform);
      return real === undefined || real === entry.path ? undefined : { ...entry, path: real };
    }),
  );
  return {
    pathPlatform,
    roots,
    realRoots,
    denyList: [...denyList, ...realDenyEntries.filter((entry) => entry !== undefined)],
  };
}

/** The normalised real path, or undefined when it cannot be resolved. */
export async function realPathOf(
  absolutePath: string,
  pathPlatform: PathPlatform,
): Promise<string | undefined> {
  try {
    return normalizeAbsolutePath(await realpath(absolutePath), pathPlatform);
  } catch {
    return undefined;
  }
}

export function isInsideRealRoots(realPath: string, access: FileAccess): boolean {
  return access.realRoots.some((root) => isPathInside(root, realPath, access.pathPlatform));
}
