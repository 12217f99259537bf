import { ExaiError } from '@exai/core';
import type { FileService } from '@exai/core';
import { estimateTokens } from './build-conversation.js';

export interface FileOmission {
  path: string;
  reason: string;
}

export interface EmbeddedFiles {
  /** The files as text blocks for the prompt, or '' when none were included. */
  text: string;
  /** Real paths of the files included, in the order given. */
  included: string[];
  omitted: FileOmission[];
  tokens: number;
}

/**
 * Reads files for a model call through the FileService, newest request first, and embeds as
 * many as fit in `budgetInTokens`, each with line numbers. Files `current` names directly (this
 * call's) must be readable: a refusal throws, naming the rule. A file found inside a folder of
 * `current` that cannot be read as text (an image, a binary) is listed in `omitted` with the
 * reason. `earlier` paths (from earlier turns of the thread) are re-read from disk so the model
 * sees their current content; one that can no longer be read is listed in `omitted` instead.
 */
export async function embedFiles({
  files,
  current,
  earlier = [],
  budgetInTokens,
}: {
  files: FileService;
  current: readonly string[];
  earlier?: readonly string[];
  budgetInTokens: number;
}): Promise<EmbeddedFiles> {
  const omitted: FileOmission[] = [];
  const currentFiles = current.length > 0 ? await files.expand(current) : { files: [], skipped: [] };
  // A duplicate (named twice, or reached again through a link) is embedded once, not left out.
  for (const skipped of currentFiles.skipped)
    if (skipped.reason !== 'duplicate') omitted.push({ path: skipped.path, reason: skipped.reason });

  const named = await namedRealPaths(files, current);

  const seen = new Set<string>();
  const ordered: Array<{ path: string; origin: 'named' | 'folder' | 'earlier' }> = [];
  for (const path of currentFiles.files) {
    if (!seen.has(path)) ordered.push({ path, origin: named.has(path) ? 'named' : 'folder' });
    seen.add(path);
  }
  for (const path of earlier) {
    if (!seen.has(path)) ordered.push({ path, origin: 'earlier' });
    seen.add(path);
  }

  const blocks: string[] = [];
  const included: string[] = [];
  let tokens = 0;
  for (const { path, origin } of ordered) {
    let block: string;
    try {
      const file = await files.readText(path);
      block = fileBlock(file.path, file.content);
    } catch (error) {
      if (origin === 'named' || !ExaiError.isInstance(error)) throw error;
      omitted.push({
        path,
        reason: origin === 'earlier' ? `no longer readable: ${error.message}` : error.message,
      });
      continue;
    }
    const cost = estimateTokens(block);
    if (tokens + cost > budgetInTokens) {
      omitted.push({ path, reason: 'left out to fit the model’s context window' });
      continue;
    }
    tokens += cost;
    blocks.push(block);
    included.push(path);
  }
  return { text: blocks.join('\n\n'), included, omitted, tokens };
}

/**
 * The real paths of the paths a caller named, so the files they name directly can be told apart
 * from files found by expanding a folder (the first must be readable, the second may be skipped).
 */
export async function namedRealPaths(files: FileService, paths: readonly string[]): Promise<Set<string>> {
  const named = new Set<string>();
  for (const path of paths) named.add(await files.resolve(path));
  return named;
}

function fileBlock(path: string, content: string): string {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const width = String(lines.length).length;
  const numbered = lines.map((line, index) => `${String(index + 1).padStart(width)}│ ${line}`).join('\n');
  return `<file path="${path}">\n${numbered}\n</file>`;
}

/** A note for the model about files it cannot see, or '' when none were left out. */
export function omittedFilesNote(omitted: readonly FileOmission[]): string {
  if (omitted.length === 0) return '';
  return 'Files not included:\n' + omitted.map((entry) => `- ${entry.path}: ${entry.reason}`).join('\n');
}
