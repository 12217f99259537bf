import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A real temporary folder (its real path, so macOS's /var → /private/var link does not matter) and a way to fill it. */
export interface TemporaryTree {
  base: string;
  /** Writes files (creating folders) relative to `base`; a string value is UTF-8 text. */
  write(files: Record<string, string | Uint8Array>): Promise<void>;
  link(target: string, at: string): Promise<void>;
  at(...segments: string[]): string;
  remove(): Promise<void>;
}

export async function createTemporaryTree(): Promise<TemporaryTree> {
  const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'exai-files-')));
  const at = (...segments: string[]) => path.join(base, ...segments);
  return {
    base,
    at,
    async write(files) {
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(at(name)), { recursive: true });
        await writeFile(at(name), content);
      }
    },
    async link(target, linkAt) {
      await mkdir(path.dirname(at(linkAt)), { recursive: true });
      await symlink(target, at(linkAt));
    },
    remove: () => rm(base, { recursive: true, force: true }),
  };
}

export const pngBytes = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
