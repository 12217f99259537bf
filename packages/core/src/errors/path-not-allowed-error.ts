import { ExaiError } from './exai-error.js';

const marker = 'exai.error.path-not-allowed';
const symbol = Symbol.for(marker);

/**
 * Why a path was refused:
 * - `outside-roots`: not inside any allowed root;
 * - `traversal`: a `..` segment leaves the allowed roots;
 * - `symlink-escape`: the real path (every symbolic link resolved) is outside the allowed roots,
 *   or the file changed under exai while it was being opened;
 * - `system-path`: inside a deny-listed location (system folders, credential folders in the home
 *   directory, the `denyPaths` option);
 * - `secret-file`: a secret-bearing file name (`.env`, private keys, `.netrc`, `.npmrc`, …);
 * - `null-byte`: the path contains a NUL character;
 * - `unc-path`: a Windows network path (`\\server\share`);
 * - `device-path`: a Windows device name or namespace (`CON`, `NUL`, `COM1`, `\\?\`, `\\.\`);
 * - `invalid-path`: not a usable path (empty, drive-relative, an alternate data stream, …);
 * - `not-a-file`: a directory, FIFO, socket or device where a regular file was needed;
 * - `unreadable`: the operating system refused access.
 */
export type PathNotAllowedRule =
  | 'outside-roots'
  | 'traversal'
  | 'symlink-escape'
  | 'system-path'
  | 'secret-file'
  | 'null-byte'
  | 'unc-path'
  | 'device-path'
  | 'invalid-path'
  | 'not-a-file'
  | 'unreadable';

export interface PathNotAllowedErrorOptions {
  /** The path as it was given. */
  path: string;
  rule: PathNotAllowedRule;
  /** Names the rule and the fix. */
  message: string;
  cause?: unknown;
}

/** exai refused to touch a path; `rule` says which rule refused it and the message says how to fix it. */
export class PathNotAllowedError extends ExaiError {
  private readonly [symbol] = true;

  readonly path: string;
  readonly rule: PathNotAllowedRule;

  constructor({ path, rule, message, cause }: PathNotAllowedErrorOptions) {
    super('path_not_allowed', { message, cause, isRetryable: false });
    this.name = 'PathNotAllowedError';
    this.path = path;
    this.rule = rule;
  }

  static override isInstance(error: unknown): error is PathNotAllowedError {
    return ExaiError.hasMarker(error, marker);
  }
}
