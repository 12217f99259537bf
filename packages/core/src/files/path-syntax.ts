import type { PathNotAllowedRule } from '../errors/path-not-allowed-error.js';
import { pathSegments, type PathPlatform } from './path-platform.js';

export interface PathSyntaxProblem {
  rule: PathNotAllowedRule;
  /** Completes "The path …": says what is wrong and how to fix it. */
  reason: string;
}

/** Windows device names, reserved in every folder and with any extension (`NUL.txt` is the NUL device). */
const windowsDeviceName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;
/** Characters Windows forbids in file names (besides the separators and the drive colon), and control characters. */
function hasWindowsForbiddenCharacter(segment: string): boolean {
  return /[<>"|?*]/.test(segment) || [...segment].some((character) => character.charCodeAt(0) < 0x20);
}

/**
 * Refusals that need no filesystem: NUL bytes everywhere; on Windows also network (UNC) paths,
 * device namespaces (`\\?\`, `\\.\`, `\??\`), device names (`CON`, `NUL`, `COM1`, …),
 * drive-relative paths (`C:file`), paths without a drive (`\file`), alternate data streams
 * (`file:stream`), and names Windows would silently rewrite (trailing dots or spaces).
 */
export function findPathSyntaxProblem(
  input: string,
  pathPlatform: PathPlatform,
): PathSyntaxProblem | undefined {
  if (typeof input !== 'string') {
    return { rule: 'invalid-path', reason: 'is not a string; pass a file or folder path.' };
  }
  if (input.includes('\0')) {
    return { rule: 'null-byte', reason: 'contains a NUL byte, which no file name can hold; remove it.' };
  }
  if (input.trim() === '') {
    return { rule: 'invalid-path', reason: 'is empty; pass a file or folder path.' };
  }
  return pathPlatform.isWindows ? findWindowsPathProblem(input, pathPlatform) : undefined;
}

function findWindowsPathProblem(input: string, pathPlatform: PathPlatform): PathSyntaxProblem | undefined {
  const backslashed = input.replaceAll('/', '\\');
  if (/^\\\\[?.]\\|^\\\?\?\\/.test(backslashed)) {
    return {
      rule: 'device-path',
      reason:
        'uses a Windows device namespace (\\\\?\\, \\\\.\\ or \\??\\); pass a plain path such as C:\\project\\file.ts.',
    };
  }
  if (backslashed.startsWith('\\\\')) {
    return {
      rule: 'unc-path',
      reason:
        'is a network (UNC) path, and exai reads local files only; copy the file into an allowed root, ' +
        'or map the share to a drive letter and add that folder to EXAI_ALLOWED_ROOTS.',
    };
  }
  if (/^[a-z]:(?!\\)/i.test(backslashed)) {
    return {
      rule: 'invalid-path',
      reason: 'is relative to the current folder of a drive (C:file); write it as C:\\folder\\file.',
    };
  }
  if (backslashed.startsWith('\\')) {
    return { rule: 'invalid-path', reason: 'has no drive letter; write it as C:\\folder\\file.' };
  }
  const withoutDrive = /^[a-z]:/i.test(backslashed) ? backslashed.slice(2) : backslashed;
  if (withoutDrive.includes(':')) {
    return {
      rule: 'invalid-path',
      reason: 'names an alternate data stream (a ":" after the drive); pass the plain file path.',
    };
  }
  for (const segment of pathSegments(withoutDrive, pathPlatform)) {
    if (segment === '' || segment === '.' || segment === '..') continue;
    const stem =
      segment
        .replace(/[. ]+$/, '')
        .split('.')[0]
        ?.trimEnd() ?? '';
    if (windowsDeviceName.test(stem)) {
      return {
        rule: 'device-path',
        reason: `names the Windows device "${stem.toUpperCase()}", which is not a file; rename the file or pass another path.`,
      };
    }
    if (/[. ]$/.test(segment)) {
      return {
        rule: 'invalid-path',
        reason: `has a name ending in a dot or space ("${segment}"), which Windows silently rewrites; pass the name without it.`,
      };
    }
    if (hasWindowsForbiddenCharacter(segment)) {
      return {
        rule: 'invalid-path',
        reason: `has a character Windows forbids in file names ("${segment}"); pass the real file name.`,
      };
    }
  }
  return undefined;
}
