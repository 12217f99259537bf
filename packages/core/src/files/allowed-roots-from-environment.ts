import os from 'node:os';
import { normalizeAbsolutePath, pathKey, pathPlatformFor } from './path-platform.js';

export interface AllowedRootsFromEnvironmentOptions {
  /** Whose path rules apply (`;` separates entries on Windows, `:` elsewhere). Default `process.platform`. */
  platform?: NodeJS.Platform;
  /** What a leading `~` stands for. Default `os.homedir()`. */
  homeDirectory?: string;
}

/**
 * The allowed roots from `EXAI_ALLOWED_ROOTS`: entries separated by the platform's path delimiter,
 * relative entries resolved against `cwd`, a leading `~` expanded to the home directory, duplicates
 * dropped. Unset or blank, the only root is `cwd`.
 */
export function allowedRootsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  { platform = process.platform, homeDirectory = os.homedir() }: AllowedRootsFromEnvironmentOptions = {},
): string[] {
  const pathPlatform = pathPlatformFor(platform);
  const { api } = pathPlatform;
  const entries = (env.EXAI_ALLOWED_ROOTS ?? '')
    .split(api.delimiter)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const roots: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries.length === 0 ? [cwd] : entries) {
    const expanded = /^~(?=$|[\\/])/.test(entry) ? homeDirectory + entry.slice(1) : entry;
    const root = normalizeAbsolutePath(api.resolve(cwd, expanded), pathPlatform);
    const key = pathKey(root, pathPlatform);
    if (seen.has(key)) continue;
    seen.add(key);
    roots.push(root);
  }
  return roots;
}
