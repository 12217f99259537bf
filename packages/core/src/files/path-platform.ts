import path from 'node:path';

/** The path rules of one platform: `path.win32` with case-insensitive comparison on Windows, `path.posix` elsewhere. */
export interface PathPlatform {
  readonly platform: NodeJS.Platform;
  readonly api: path.PlatformPath;
  readonly isWindows: boolean;
  /** Whether two paths differing only in case name the same file (Windows, and macOS by default). */
  readonly caseInsensitiveNames: boolean;
}

export function pathPlatformFor(platform: NodeJS.Platform): PathPlatform {
  const isWindows = platform === 'win32';
  return {
    platform,
    api: isWindows ? path.win32 : path.posix,
    isWindows,
    caseInsensitiveNames: isWindows || platform === 'darwin',
  };
}

/** Normalises an absolute path and drops a trailing separator (except on a filesystem root such as `/` or `C:\`). */
export function normalizeAbsolutePath(absolutePath: string, { api }: PathPlatform): string {
  const normalized = api.normalize(absolutePath);
  const root = api.parse(normalized).root;
  return normalized.length > root.length && normalized.endsWith(api.sep)
    ? normalized.slice(0, -api.sep.length)
    : normalized;
}

/**
 * Whether `child` is `parent` or inside it. Both must be normalised absolute paths. Windows compares
 * without case (drive letters included); elsewhere the comparison is exact unless `ignoreCase`.
 */
export function isPathInside(
  parent: string,
  child: string,
  pathPlatform: PathPlatform,
  { ignoreCase = pathPlatform.isWindows }: { ignoreCase?: boolean } = {},
): boolean {
  const { api } = pathPlatform;
  const parentKey = ignoreCase ? parent.toLowerCase() : parent;
  const childKey = ignoreCase ? child.toLowerCase() : child;
  if (childKey === parentKey) return true;
  const prefix = parentKey.endsWith(api.sep) ? parentKey : parentKey + api.sep;
  return childKey.startsWith(prefix);
}

/** A key that is equal for two paths naming the same file: lower-cased on Windows. */
export function pathKey(absolutePath: string, { isWindows }: PathPlatform): string {
  return isWindows ? absolutePath.toLowerCase() : absolutePath;
}

/** The segments of a path, split on every separator the platform accepts. */
export function pathSegments(input: string, { isWindows }: PathPlatform): string[] {
  return input.split(isWindows ? /[\\/]/ : '/');
}
