import { realpath } from 'node:fs/promises';
import { FileNotFoundError } from '../errors/file-not-found-error.js';
import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { denyMatchError, findDenyMatch } from './deny-list.js';
import { isInsideRealRoots, realPathOf, type FileAccess } from './file-access.js';
import { normalizeAbsolutePath } from './path-platform.js';
import { describeRoots, resolveLexically } from './resolve-lexically.js';

/**
 * The real path of an existing file or folder inside the allowed roots, or a typed refusal.
 * Order: syntax and `..` rules on the text, the deny list on the text, then every symbolic link is
 * resolved (`realpath`) and the real path must again be inside the real roots and off the deny list.
 */
export async function resolveInsideRoots(input: string, access: FileAccess): Promise<string> {
  const { pathPlatform } = access;
  const candidate = resolveLexically(input, {
    roots: access.roots,
    realRoots: access.realRoots,
    pathPlatform,
  });
  assertNotDenied(input, candidate, access);
  let real: string;
  try {
    real = normalizeAbsolutePath(await realpath(candidate), pathPlatform);
  } catch (error) {
    throw await realpathFailure(input, candidate, error, access);
  }
  if (!isInsideRealRoots(real, access)) throw symlinkEscapeError(input, real, access);
  assertNotDenied(input, real, access);
  return real;
}

export function assertNotDenied(input: string, absolutePath: string, access: FileAccess): void {
  const match = findDenyMatch(absolutePath, {
    entries: access.denyList,
    roots: [...access.roots, ...access.realRoots],
    pathPlatform: access.pathPlatform,
  });
  if (match !== undefined) throw denyMatchError(input, match);
}

export function symlinkEscapeError(input: string, real: string, access: FileAccess): PathNotAllowedError {
  return new PathNotAllowedError({
    path: input,
    rule: 'symlink-escape',
    message:
      `The path "${input}" leads through a symbolic link to ${real}, which is outside the allowed roots ` +
      `(${describeRoots(access.roots)}); add the link's target folder to EXAI_ALLOWED_ROOTS, or copy the file into the project.`,
  });
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Maps a failed `realpath` to a refusal; a missing path reached through a link that leaves the roots is an escape, not "not found". */
async function realpathFailure(
  input: string,
  candidate: string,
  error: unknown,
  access: FileAccess,
): Promise<Error> {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const ancestor = await nearestExistingAncestor(candidate, access);
    if (ancestor !== undefined && !isInsideRealRoots(ancestor, access)) {
      return symlinkEscapeError(input, ancestor, access);
    }
    return new FileNotFoundError({
      path: input,
      cause: error,
      message: `The path "${input}" does not exist (exai looked for ${candidate}); check the spelling${
        access.pathPlatform.api.isAbsolute(input)
          ? ''
          : `, and note that relative paths start at ${access.roots[0]}`
      }.`,
    });
  }
  if (code === 'ELOOP') {
    return new FileNotFoundError({
      path: input,
      cause: error,
      message: `The path "${input}" is a loop of symbolic links and names no file; fix or remove the links.`,
    });
  }
  if (code === 'ENAMETOOLONG') {
    return new PathNotAllowedError({
      path: input,
      rule: 'invalid-path',
      cause: error,
      message: `The path "${input}" is longer than the operating system allows; pass a shorter path.`,
    });
  }
  return unreadableError(input, error);
}

export function unreadableError(input: string, error: unknown): PathNotAllowedError {
  const code = errorCode(error) ?? 'unknown error';
  return new PathNotAllowedError({
    path: input,
    rule: 'unreadable',
    cause: error,
    message: `exai cannot read "${input}" (${code}); check that the file exists and that its permissions let you read it.`,
  });
}

async function nearestExistingAncestor(candidate: string, access: FileAccess): Promise<string | undefined> {
  const { api } = access.pathPlatform;
  for (let current = api.dirname(candidate); ; current = api.dirname(current)) {
    const real = await realPathOf(current, access.pathPlatform);
    if (real !== undefined) return real;
    if (api.dirname(current) === current) return undefined;
  }
}
