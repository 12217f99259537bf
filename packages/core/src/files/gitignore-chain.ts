import type { Ignore, Options } from 'ignore';
import type { PathPlatform } from './path-platform.js';

interface IgnoreLevel {
  /** The folder the rules are relative to, as the walk reaches it. */
  base: string;
  matcher: Ignore;
}

/** The ignore rules in force in a folder, shallowest first: `.git/info/exclude`, then each `.gitignore` on the way down. */
export type IgnoreChain = readonly IgnoreLevel[];

export interface FolderIgnoreFiles {
  /** The folder holds `.git`: a repository starts here and the rules from above stop applying. */
  isRepositoryRoot: boolean;
  /** The text of `.git/info/exclude`, if any. */
  exclude?: string | undefined;
  /** The text of the folder's `.gitignore`, if any. */
  gitignore?: string | undefined;
}

let loadingIgnore: Promise<(options: Options) => Ignore> | undefined;

/** The `ignore` package, loaded when the first ignore file is read rather than on import of core. */
function loadIgnore(): Promise<(options: Options) => Ignore> {
  loadingIgnore ??= import('ignore').then((module) => module.default);
  return loadingIgnore;
}

/** The chain in force inside `folder`, given the chain of its parent and the ignore files it holds. */
export async function extendIgnoreChain(
  chain: IgnoreChain,
  folder: string,
  { isRepositoryRoot, exclude, gitignore }: FolderIgnoreFiles,
  pathPlatform: PathPlatform,
): Promise<IgnoreChain> {
  const next = isRepositoryRoot ? [] : [...chain];
  if (exclude === undefined && gitignore === undefined) return next;
  const ignore = await loadIgnore();
  const ignorecase = pathPlatform.caseInsensitiveNames;
  if (exclude !== undefined) next.push({ base: folder, matcher: ignore({ ignorecase }).add(exclude) });
  if (gitignore !== undefined) next.push({ base: folder, matcher: ignore({ ignorecase }).add(gitignore) });
  return next;
}

/**
 * Whether git would ignore a path: the deepest level with a rule that matches decides (a later
 * `.gitignore` overrides an earlier one, and `!pattern` re-includes), as `git check-ignore` does.
 * Folders the walk skipped are never entered, so a file under an ignored folder stays ignored.
 */
export function isIgnored(
  chain: IgnoreChain,
  walkPath: string,
  isDirectory: boolean,
  { api }: PathPlatform,
): boolean {
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const level = chain[index];
    if (level === undefined) continue;
    const relative = api.relative(level.base, walkPath).split(api.sep).join('/');
    if (relative === '' || relative === '..' || relative.startsWith('../')) continue;
    const result = level.matcher.test(isDirectory ? `${relative}/` : relative);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
