import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BinaryFileError, type ExpandResult, type FileService } from '@exai/core';

export interface ClinkWorkspace {
  /** The temporary folder the agent runs in. */
  directory: string;
  /** Files copied in, relative to `directory`. */
  files: string[];
  /** The real absolute paths they were copied from, in the same order. */
  sources: string[];
  /** Files left out, with why. */
  skipped: Array<{ path: string; reason: string }>;
  /** Deletes the folder and everything in it. */
  remove(): Promise<void>;
}

/**
 * A fresh temporary folder for one agent run, with copies of the files asked for. Every path
 * goes through the FileService (allowed roots, deny rules, `.gitignore`, size caps), and each file
 * is written from the text it read — copies, never links, so nothing the agent does there reaches
 * the originals. A file keeps its path relative to the allowed root it is in. `earlier` are the
 * files of the thread's earlier turns: copied too, and noted rather than refused when gone.
 */
export async function createClinkWorkspace(
  files: FileService,
  paths: readonly string[],
  earlier: readonly string[] = [],
): Promise<ClinkWorkspace> {
  const expanded: Pick<ExpandResult, 'files' | 'skipped'> =
    paths.length === 0 ? { files: [], skipped: [] } : await files.expand(paths);
  // Files named earlier in the thread are copied again as they are now; one that is gone is noted.
  const given = new Set(expanded.files);
  const fromEarlier = new Set<string>();
  for (const path of new Set(earlier)) {
    if (given.has(path)) continue;
    try {
      const resolved = await files.resolve(path);
      expanded.files.push(resolved);
      given.add(resolved);
      fromEarlier.add(resolved);
    } catch {
      expanded.skipped.push({ path, reason: 'not-found' });
    }
  }
  const directory = await mkdtemp(join(tmpdir(), 'exai-clink-'));
  const remove = () => rm(directory, { recursive: true, force: true });
  const copied: string[] = [];
  const sources: string[] = [];
  const skipped = expanded.skipped.map((entry): { path: string; reason: string } => ({
    path: entry.path,
    reason: entry.reason,
  }));
  try {
    for (const path of expanded.files) {
      let content: string;
      try {
        content = (await files.readText(path)).content;
      } catch (error) {
        if (BinaryFileError.isInstance(error)) skipped.push({ path, reason: 'binary' });
        else if (fromEarlier.has(path)) skipped.push({ path, reason: 'unreadable' });
        else throw error;
        continue;
      }
      const inside = relativeToRoot(files.allowedRoots, path);
      await mkdir(dirname(join(directory, inside)), { recursive: true });
      await writeFile(join(directory, inside), content);
      copied.push(inside.split(sep).join('/'));
      sources.push(path);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { directory, files: copied, sources, skipped, remove };
}

/** The path inside the deepest allowed root holding it (the FileService vouched for one). */
function relativeToRoot(roots: readonly string[], path: string): string {
  let best: string | undefined;
  for (const root of roots) {
    const inside = relative(root, path);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
      if (best === undefined || inside.length < best.length) best = inside;
    }
  }
  return best ?? path.split(sep).at(-1) ?? 'file';
}
