import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { findPathSyntaxProblem } from './path-syntax.js';
import { isPathInside, normalizeAbsolutePath, pathSegments, type PathPlatform } from './path-platform.js';

export interface ResolveLexicallyOptions {
  /** Normalised absolute roots as configured; relative paths resolve against the first. */
  roots: readonly string[];
  /** The same roots with every symbolic link resolved; a path inside one of these is inside too. */
  realRoots?: readonly string[];
  pathPlatform: PathPlatform;
}

/**
 * Turns a path as a client sent it into a normalised absolute path inside the roots, using no
 * filesystem: syntax rules first (NUL bytes, Windows UNC and device paths), then `..` segments are
 * collapsed and the result must lie inside a root. The filesystem checks (symbolic links, deny
 * list, existence) come after this, on the path it returns.
 */
export function resolveLexically(
  input: string,
  { roots, realRoots = [], pathPlatform }: ResolveLexicallyOptions,
): string {
  const problem = findPathSyntaxProblem(input, pathPlatform);
  if (problem !== undefined) {
    throw new PathNotAllowedError({
      path: input,
      rule: problem.rule,
      message: `The path "${printable(input)}" ${problem.reason}`,
    });
  }
  const { api } = pathPlatform;
  const [firstRoot] = roots;
  if (firstRoot === undefined) throw new Error('resolveLexically needs at least one root');
  const allRoots = [...roots, ...realRoots];
  const isInsideRoots = (absolutePath: string) =>
    allRoots.some((root) => isPathInside(root, absolutePath, pathPlatform));
  const candidate = normalizeAbsolutePath(
    api.isAbsolute(input) ? input : api.join(firstRoot, input),
    pathPlatform,
  );
  if (isInsideRoots(candidate)) return candidate;

  const allowed = describeRoots(roots);
  const segments = pathSegments(input, pathPlatform);
  const firstDotDot = segments.indexOf('..');
  // A path that starts inside the roots (a relative path starts at the first) and leaves them
  // through "..": traversal. An absolute path that starts outside them: outside-roots.
  const startsInside =
    !api.isAbsolute(input) ||
    isInsideRoots(
      normalizeAbsolutePath(segments.slice(0, firstDotDot).join(api.sep) + api.sep, pathPlatform),
    );
  if (firstDotDot !== -1 && startsInside) {
    throw new PathNotAllowedError({
      path: input,
      rule: 'traversal',
      message:
        `The path "${input}" uses ".." to leave the allowed roots (${allowed}): it resolves to ${candidate}; ` +
        'pass a path inside them, or add the folder to EXAI_ALLOWED_ROOTS.',
    });
  }
  throw new PathNotAllowedError({
    path: input,
    rule: 'outside-roots',
    message: `The path "${input}" is outside the allowed roots (${allowed}); add its folder to EXAI_ALLOWED_ROOTS.`,
  });
}

export function describeRoots(roots: readonly string[]): string {
  return roots.join(', ');
}

/** Shows control characters (a NUL byte above all) as escapes, so a message prints on one line. */
function printable(input: string): string {
  return JSON.stringify(input).slice(1, -1);
}
