import os from 'node:os';
import { BinaryFileError } from '../errors/binary-file-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { UnsupportedImageError } from '../errors/unsupported-image-error.js';
import { buildDenyList, findDenyMatch } from './deny-list.js';
import { expandPaths } from './expand-paths.js';
import { loadFileAccess, type FileAccess } from './file-access.js';
import { countLines, decodeText, detectImageMediaType, looksBinary, sha256Hex } from './file-content.js';
import type { FileService, FileServiceOptions } from './file-service.js';
import { normalizeAbsolutePath, pathPlatformFor } from './path-platform.js';
import { readVerifiedFile } from './read-verified-file.js';
import { resolveInsideRoots } from './resolve-inside-roots.js';

/**
 * The file service tools read through: paths are confined to the allowed roots (symbolic links
 * resolved), system and secret-bearing paths are refused, and reads are capped.
 */
export function createFileService({
  allowedRoots,
  maxFileBytes = 1_000_000,
  maxImageBytes = 5_000_000,
  maxTotalBytes = 5_000_000,
  maxFiles = 200,
  denyPaths = [],
  platform = process.platform,
  homeDirectory = os.homedir(),
}: FileServiceOptions): FileService {
  const pathPlatform = pathPlatformFor(platform);
  const roots = validateRoots(allowedRoots, pathPlatform);
  for (const [option, value] of Object.entries({ maxFileBytes, maxImageBytes, maxTotalBytes, maxFiles })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InvalidArgumentError({
        argument: option,
        message: `${option} must be a positive whole number; got ${value}.`,
      });
    }
  }
  const denyList = buildDenyList({ pathPlatform, homeDirectory, denyPaths, relativeTo: roots[0] ?? '' });
  const access = (): Promise<FileAccess> => loadFileAccess({ roots, denyList, pathPlatform });

  async function read(path: string, limit: { maxBytes: number; option: string }) {
    const fileAccess = await access();
    const real = await resolveInsideRoots(path, fileAccess);
    return { real, ...(await readVerifiedFile(path, real, fileAccess, limit)) };
  }

  return {
    allowedRoots: roots,

    async resolve(path) {
      return resolveInsideRoots(path, await access());
    },

    async readText(path) {
      const { real, bytes, stats } = await read(path, { maxBytes: maxFileBytes, option: 'maxFileBytes' });
      const mediaType = detectImageMediaType(bytes);
      if (mediaType !== undefined || looksBinary(bytes)) throw new BinaryFileError({ path, mediaType });
      const content = decodeText(bytes);
      return {
        path: real,
        content,
        bytes: bytes.length,
        sha256: sha256Hex(bytes),
        modifiedAt: stats.mtime,
        lineCount: countLines(content),
      };
    },

    async readImage(path) {
      const { real, bytes } = await read(path, { maxBytes: maxImageBytes, option: 'maxImageBytes' });
      const mediaType = detectImageMediaType(bytes);
      if (mediaType === undefined) throw new UnsupportedImageError({ path });
      return { path: real, mediaType, data: bytes, bytes: bytes.length, sha256: sha256Hex(bytes) };
    },

    async expand(paths, { includeHidden = false } = {}) {
      return expandPaths(paths, await access(), { maxFiles, maxTotalBytes, maxFileBytes, includeHidden });
    },

    denyReason(path) {
      const absolute = normalizeAbsolutePath(pathPlatform.api.resolve(roots[0] ?? '', path), pathPlatform);
      const match = findDenyMatch(absolute, { entries: denyList, roots, pathPlatform });
      if (match === undefined) return undefined;
      return match.rule === 'secret-file' ? match.description : match.entry.description;
    },

    async sha256(path) {
      const limit =
        maxImageBytes > maxFileBytes
          ? { maxBytes: maxImageBytes, option: 'maxImageBytes' }
          : { maxBytes: maxFileBytes, option: 'maxFileBytes' };
      return sha256Hex((await read(path, limit)).bytes);
    },
  };
}

function validateRoots(
  allowedRoots: readonly string[],
  pathPlatform: ReturnType<typeof pathPlatformFor>,
): string[] {
  if (allowedRoots.length === 0) {
    throw new InvalidArgumentError({
      argument: 'allowedRoots',
      message:
        'allowedRoots is empty; pass at least one folder (the working directory, or EXAI_ALLOWED_ROOTS).',
    });
  }
  return allowedRoots.map((root) => {
    if (
      root.includes('\0') ||
      !pathPlatform.api.isAbsolute(root) ||
      (pathPlatform.isWindows && !/^[a-z]:[\\/]/i.test(root))
    ) {
      throw new InvalidArgumentError({
        argument: 'allowedRoots',
        message: `The allowed root "${root}" is not an absolute path with a drive or leading separator; pass absolute folders (see allowedRootsFromEnvironment).`,
      });
    }
    return normalizeAbsolutePath(root, pathPlatform);
  });
}
