import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { describeSecretFileName } from './secret-file-names.js';
import { isPathInside, normalizeAbsolutePath, type PathPlatform } from './path-platform.js';

export interface DenyEntry {
  /** A normalised absolute path; on Windows, system folders are written without a drive and match on every drive. */
  path: string;
  anyDrive: boolean;
  /** What the location holds, for the message. */
  description: string;
  /**
   * Whether an allowed root that lies inside this folder makes the paths under that root readable
   * (a project in `/root/app` when running as root). Pseudo-filesystems and credential folders never are.
   */
  waivable: boolean;
  source: 'builtin' | 'denyPaths';
}

export interface DenyListOptions {
  pathPlatform: PathPlatform;
  /** Credential folders under it are denied; empty for none. */
  homeDirectory: string;
  /** Extra absolute paths to deny (the `denyPaths` option); relative entries resolve against `relativeTo`. */
  denyPaths: readonly string[];
  relativeTo: string;
}

const posixSystemFolders: ReadonlyArray<[string, string, boolean]> = [
  ['/proc', 'process information, including other programs’ environment variables', false],
  ['/sys', 'kernel and device state', false],
  ['/dev', 'devices', false],
  ['/run', 'runtime state, including container secrets', false],
  ['/var/run', 'runtime state, including container secrets', false],
  ['/private/var/run', 'runtime state', false],
  ['/etc', 'system configuration', true],
  ['/private/etc', 'system configuration', true],
  ['/boot', 'the boot loader and kernel', true],
  ['/root', 'the administrator’s home folder', true],
];

const windowsSystemFolders: ReadonlyArray<[string, string]> = [
  ['\\Windows', 'the Windows system folder'],
  ['\\Program Files', 'installed programs'],
  ['\\Program Files (x86)', 'installed programs'],
  ['\\ProgramData', 'programs’ shared data'],
];

/** Folders under the home directory that hold credentials. */
const homeCredentialFolders = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.azure',
  '.kube',
  '.docker',
  '.password-store',
  '.config/gcloud',
  '.config/gh',
];

/** The built-in deny list for a platform, plus the home credential folders and the caller's `denyPaths`. */
export function buildDenyList({
  pathPlatform,
  homeDirectory,
  denyPaths,
  relativeTo,
}: DenyListOptions): DenyEntry[] {
  const { api, isWindows } = pathPlatform;
  const entries: DenyEntry[] = isWindows
    ? windowsSystemFolders.map(([path, description]) => ({
        path,
        anyDrive: true,
        description,
        waivable: true,
        source: 'builtin',
      }))
    : posixSystemFolders.map(([path, description, waivable]) => ({
        path,
        anyDrive: false,
        description,
        waivable,
        source: 'builtin',
      }));
  if (homeDirectory !== '' && api.isAbsolute(homeDirectory)) {
    for (const folder of homeCredentialFolders) {
      entries.push({
        path: normalizeAbsolutePath(api.join(homeDirectory, folder), pathPlatform),
        anyDrive: false,
        description: 'credentials',
        waivable: false,
        source: 'builtin',
      });
    }
  }
  for (const denyPath of denyPaths) {
    entries.push({
      path: normalizeAbsolutePath(api.resolve(relativeTo, denyPath), pathPlatform),
      anyDrive: false,
      description: 'deny-listed by the denyPaths option',
      waivable: false,
      source: 'denyPaths',
    });
  }
  return entries;
}

export type DenyMatch =
  { rule: 'system-path'; entry: DenyEntry } | { rule: 'secret-file'; fileName: string; description: string };

/**
 * The deny rule a normalised absolute path falls under, if any: a deny-listed folder (unless an
 * allowed root inside a waivable folder holds the path) or a secret-bearing file name. Matching
 * ignores case on Windows and macOS, so a differently-cased spelling cannot slip through.
 */
export function findDenyMatch(
  candidate: string,
  {
    entries,
    roots,
    pathPlatform,
  }: { entries: readonly DenyEntry[]; roots: readonly string[]; pathPlatform: PathPlatform },
): DenyMatch | undefined {
  const ignoreCase = pathPlatform.caseInsensitiveNames;
  const inside = (parent: string, child: string): boolean =>
    isPathInside(parent, child, pathPlatform, { ignoreCase });
  for (const entry of entries) {
    const subject = entry.anyDrive ? withoutDrive(candidate) : candidate;
    if (!inside(entry.path, subject)) continue;
    const waived =
      entry.waivable &&
      roots.some((root) => {
        const rootSubject = entry.anyDrive ? withoutDrive(root) : root;
        return inside(entry.path, rootSubject) && isPathInside(root, candidate, pathPlatform);
      });
    if (!waived) return { rule: 'system-path', entry };
  }
  const fileName = pathPlatform.api.basename(candidate);
  const description = describeSecretFileName(fileName);
  return description === undefined ? undefined : { rule: 'secret-file', fileName, description };
}

function withoutDrive(absolutePath: string): string {
  return /^[a-z]:/i.test(absolutePath) ? absolutePath.slice(2) : absolutePath;
}

/** The refusal for a deny match, naming the rule and what to do instead. */
export function denyMatchError(input: string, match: DenyMatch): PathNotAllowedError {
  if (match.rule === 'secret-file') {
    return new PathNotAllowedError({
      path: input,
      rule: 'secret-file',
      message:
        `The path "${input}" is ${match.description} ("${match.fileName}"), and exai never sends secret-bearing files ` +
        'to a model; pass a copy with the secrets removed (for example a .env.example).',
    });
  }
  const { entry } = match;
  const where = entry.anyDrive ? `${entry.path} (on any drive)` : entry.path;
  return new PathNotAllowedError({
    path: input,
    rule: 'system-path',
    message:
      entry.source === 'denyPaths'
        ? `The path "${input}" is inside ${where}, which is deny-listed by the denyPaths option; remove that entry to allow it.`
        : `The path "${input}" is inside ${where} (${entry.description}), which exai never reads; ` +
          'copy the part you need into your project and pass that.',
  });
}
