import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { FileTooLargeError } from '../errors/file-too-large-error.js';
import { findDenyMatch } from './deny-list.js';
import { isInsideRealRoots, realPathOf, type FileAccess } from './file-access.js';
import type { ExpandResult, ExpandSkipReason } from './file-service.js';
import { extendIgnoreChain, isIgnored, type IgnoreChain } from './gitignore-chain.js';
import { isPathInside, pathKey } from './path-platform.js';
import { notAFileError } from './read-verified-file.js';
import { errorCode, resolveInsideRoots, unreadableError } from './resolve-inside-roots.js';

export interface ExpandSettings {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
  includeHidden: boolean;
}

/** Folders never walked: version control, dependencies, build output, virtual environments, caches. */
const excludedDirectoryNames = new Set(['.git', 'node_modules', 'dist', 'build', '.venv', '__pycache__']);
/** `.gitignore` and `.git/info/exclude` past this size are not read. */
const maxIgnoreFileBytes = 1_000_000;

/**
 * Lists the files named and the files inside the folders named. A path that is refused throws
 * (the caller named it), and so does a file named directly that is over `maxFileBytes`; anything
 * left out inside a folder is reported in `skipped`. Once a cap is reached the walk stops, and
 * every path not visited yet is reported with the cap as the reason.
 */
export async function expandPaths(
  inputs: readonly string[],
  access: FileAccess,
  settings: ExpandSettings,
): Promise<ExpandResult> {
  const resolved: Array<{ input: string; real: string }> = [];
  for (const input of inputs) resolved.push({ input, real: await resolveInsideRoots(input, access) });
  const walk = new Walk(access, settings);
  for (const { input, real } of resolved) {
    const stats = await stat(real).catch((error: unknown) => {
      throw unreadableError(input, error);
    });
    if (stats.isDirectory()) await walk.walkDirectory(real, real, await walk.inheritedIgnoreChain(real));
    else if (!stats.isFile()) throw notAFileError(input, stats);
    else if (stats.size > settings.maxFileBytes)
      throw new FileTooLargeError({
        path: input,
        bytes: stats.size,
        maxBytes: settings.maxFileBytes,
        option: 'maxFileBytes',
      });
    else walk.addFile(real, stats.size);
  }
  return { files: walk.files, skipped: walk.skipped, totalBytes: walk.totalBytes };
}

class Walk {
  readonly files: string[] = [];
  readonly skipped: Array<{ path: string; reason: ExpandSkipReason }> = [];
  totalBytes = 0;
  private stoppedBy: ExpandSkipReason | undefined;
  private readonly seenFiles = new Set<string>();
  private readonly visitedDirectories = new Set<string>();

  constructor(
    private readonly access: FileAccess,
    private readonly settings: ExpandSettings,
  ) {}

  addFile(real: string, size: number, shownAs = real): void {
    const key = pathKey(real, this.access.pathPlatform);
    if (this.stoppedBy !== undefined) return this.skip(shownAs, this.stoppedBy);
    if (this.seenFiles.has(key)) return this.skip(shownAs, 'duplicate');
    if (size > this.settings.maxFileBytes) return this.skip(shownAs, 'file-too-large');
    if (this.files.length >= this.settings.maxFiles) return this.stop(shownAs, 'max-files');
    if (this.totalBytes + size > this.settings.maxTotalBytes) return this.stop(shownAs, 'max-total-bytes');
    this.seenFiles.add(key);
    this.files.push(real);
    this.totalBytes += size;
  }

  /** Walks a real folder; `walkPath` is where the walk reached it, which `.gitignore` rules are matched against. */
  async walkDirectory(real: string, walkPath: string, parentChain: IgnoreChain): Promise<void> {
    if (this.stoppedBy !== undefined) return this.skip(walkPath, this.stoppedBy);
    const key = pathKey(real, this.access.pathPlatform);
    if (this.visitedDirectories.has(key)) return this.skip(walkPath, 'duplicate');
    this.visitedDirectories.add(key);
    let entries: Dirent[];
    try {
      entries = await readdir(real, { withFileTypes: true });
    } catch {
      return this.skip(walkPath, 'unreadable');
    }
    const chain = await this.extendChain(parentChain, real, walkPath);
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) await this.visitEntry(entry, real, walkPath, chain);
  }

  /** The rules of the `.gitignore` files between the allowed root holding `real` and `real` itself. */
  async inheritedIgnoreChain(real: string): Promise<IgnoreChain> {
    const { api } = this.access.pathPlatform;
    const root = this.access.realRoots
      .filter((candidate) => isPathInside(candidate, real, this.access.pathPlatform))
      .sort((left, right) => right.length - left.length)[0];
    if (root === undefined || root === real) return [];
    const folders: string[] = [];
    for (let folder = api.dirname(real); ; folder = api.dirname(folder)) {
      folders.unshift(folder);
      if (folder === root || api.dirname(folder) === folder) break;
    }
    let chain: IgnoreChain = [];
    for (const folder of folders) chain = await this.extendChain(chain, folder, folder);
    return chain;
  }

  private async visitEntry(
    entry: Dirent,
    parentReal: string,
    parentWalk: string,
    chain: IgnoreChain,
  ): Promise<void> {
    const { api } = this.access.pathPlatform;
    const { name } = entry;
    const walkPath = api.join(parentWalk, name);
    if (name === '.git') return this.skip(walkPath, 'excluded-directory');
    if (!this.settings.includeHidden && name.startsWith('.')) return this.skip(walkPath, 'hidden');
    if (!entry.isSymbolicLink()) {
      const filtered = this.filterByName(name, walkPath, entry.isDirectory(), chain);
      if (filtered !== undefined) return this.skip(walkPath, filtered);
    }
    if (this.stoppedBy !== undefined) return this.skip(walkPath, this.stoppedBy);

    let real = api.join(parentReal, name);
    if (entry.isSymbolicLink()) {
      const target = await realPathOf(real, this.access.pathPlatform);
      if (target === undefined) return this.skip(walkPath, 'not-found');
      if (!isInsideRealRoots(target, this.access)) return this.skip(walkPath, 'symlink-escape');
      real = target;
    }
    let stats;
    try {
      stats = entry.isSymbolicLink() ? await stat(real) : await lstat(real);
    } catch (error) {
      return this.skip(walkPath, errorCode(error) === 'ENOENT' ? 'not-found' : 'unreadable');
    }
    if (entry.isSymbolicLink()) {
      const filtered = this.filterByName(name, walkPath, stats.isDirectory(), chain);
      if (filtered !== undefined) return this.skip(walkPath, filtered);
    }
    const denied = this.deniedReason(walkPath) ?? this.deniedReason(real);
    if (denied !== undefined) return this.skip(walkPath, denied);
    if (stats.isDirectory()) return this.walkDirectory(real, walkPath, chain);
    if (stats.isFile()) return this.addFile(real, stats.size, walkPath);
    return this.skip(walkPath, 'not-a-file');
  }

  private filterByName(
    name: string,
    walkPath: string,
    isDirectory: boolean,
    chain: IgnoreChain,
  ): ExpandSkipReason | undefined {
    const pathPlatform = this.access.pathPlatform;
    const comparable = pathPlatform.isWindows ? name.toLowerCase() : name;
    if (isDirectory && excludedDirectoryNames.has(comparable)) return 'excluded-directory';
    if (isIgnored(chain, walkPath, isDirectory, pathPlatform)) return 'gitignored';
    return undefined;
  }

  private deniedReason(absolutePath: string): ExpandSkipReason | undefined {
    return findDenyMatch(absolutePath, {
      entries: this.access.denyList,
      roots: [...this.access.roots, ...this.access.realRoots],
      pathPlatform: this.access.pathPlatform,
    })?.rule;
  }

  private async extendChain(chain: IgnoreChain, real: string, walkPath: string): Promise<IgnoreChain> {
    const { api } = this.access.pathPlatform;
    const git = await lstat(api.join(real, '.git')).catch(() => undefined);
    return extendIgnoreChain(
      chain,
      walkPath,
      {
        isRepositoryRoot: git !== undefined,
        exclude: git?.isDirectory()
          ? await this.readIgnoreFile(api.join(real, '.git', 'info', 'exclude'))
          : undefined,
        gitignore: await this.readIgnoreFile(api.join(real, '.gitignore')),
      },
      this.access.pathPlatform,
    );
  }

  /** Reads an ignore file only if its real path is inside the roots and it is a small regular file. */
  private async readIgnoreFile(absolutePath: string): Promise<string | undefined> {
    const real = await realPathOf(absolutePath, this.access.pathPlatform);
    if (real === undefined || !isInsideRealRoots(real, this.access)) return undefined;
    try {
      const stats = await stat(real);
      if (!stats.isFile() || stats.size > maxIgnoreFileBytes) return undefined;
      return await readFile(real, 'utf8');
    } catch {
      return undefined;
    }
  }

  private skip(path: string, reason: ExpandSkipReason): void {
    this.skipped.push({ path, reason });
  }

  private stop(path: string, reason: ExpandSkipReason): void {
    this.stoppedBy = reason;
    this.skip(path, reason);
  }
}
