import { basename } from 'node:path';
import { describeSecretFileName } from '../../../files/secret-file-names.js';
import { estimateTokens } from '../../chat/build-conversation.js';
import { GIT_OUTPUT_CAP_IN_BYTES, runGit } from './precommit-git.js';

/** What a pre-commit review covers. */
export interface ChangeSelection {
  /** The folder git runs in (real path, inside the allowed roots); only changes under it count. */
  folder: string;
  compareTo: string | undefined;
  includeStaged: boolean;
  includeUnstaged: boolean;
}

interface DiffSection {
  label: string;
  args: string[];
}

export interface ChangedFile {
  path: string;
  /** Undefined for a binary file. */
  added: number | undefined;
  deleted: number | undefined;
}

const diffOptions = ['--no-color', '--no-ext-diff', '--no-renames', '--relative'];

function sections({ compareTo, includeStaged, includeUnstaged }: ChangeSelection): DiffSection[] {
  const list: DiffSection[] = [];
  if (compareTo !== undefined)
    list.push({ label: `Committed since ${compareTo}`, args: [`${compareTo}...HEAD`] });
  if (includeStaged) list.push({ label: 'Staged', args: ['--cached'] });
  if (includeUnstaged) list.push({ label: 'Unstaged', args: [] });
  return list;
}

/** The changed files of each part of the review (from `git diff --numstat`), and the untracked files. */
export async function listChanges(
  selection: ChangeSelection,
  signal?: AbortSignal,
): Promise<{ sections: Array<{ label: string; files: ChangedFile[] }>; untracked: string[] }> {
  const listed = [];
  for (const section of sections(selection)) {
    const { stdout } = await runGit(['diff', '--numstat', ...diffOptions, ...section.args], {
      cwd: selection.folder,
      signal,
    });
    listed.push({ label: section.label, files: parseNumstat(stdout) });
  }
  const untracked = selection.includeUnstaged
    ? (await runGit(['ls-files', '--others', '--exclude-standard'], { cwd: selection.folder, signal })).stdout
        .split('\n')
        .filter((line) => line !== '')
    : [];
  return { sections: listed, untracked };
}

function parseNumstat(text: string): ChangedFile[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [added = '-', deleted = '-', ...path] = line.split('\t');
      return {
        path: path.join('\t'),
        added: added === '-' ? undefined : Number(added),
        deleted: deleted === '-' ? undefined : Number(deleted),
      };
    });
}

/** `src/a.ts (+3 −1)` */
export function describeChangedFile(file: ChangedFile): string {
  return file.added === undefined
    ? `${file.path} (binary)`
    : `${file.path} (+${file.added} −${file.deleted})`;
}

/**
 * The diff for the expert model, whole files at a time within `budgetInTokens`. Nothing is cut
 * silently: every file left out (over the budget, past git's output cap, or secret-bearing by
 * name and never sent) is named in `omitted`.
 */
export async function renderDiff(
  selection: ChangeSelection,
  { budgetInTokens, signal }: { budgetInTokens: number; signal?: AbortSignal },
): Promise<{ text: string; omitted: string[]; fileCount: number }> {
  const { sections: changes, untracked } = await listChanges(selection, signal);
  const omitted: string[] = [];
  const parts: string[] = [];
  let remaining = budgetInTokens;
  let fileCount = 0;
  for (const [index, section] of sections(selection).entries()) {
    const files = changes[index]?.files ?? [];
    if (files.length === 0) {
      parts.push(`### ${section.label}: no changes`);
      continue;
    }
    const output = await runGit(['diff', ...diffOptions, ...section.args], { cwd: selection.folder, signal });
    const { chunks, last } = splitByFile(output.stdout);
    // The last file of a cut output is incomplete: it counts as past the cap.
    if (output.truncated && last !== undefined) chunks.delete(last);
    const kept: string[] = [];
    for (const file of files) {
      fileCount += 1;
      const what = `${describeChangedFile(file)}, ${section.label.toLowerCase()}`;
      const secret = describeSecretFileName(basename(file.path));
      if (secret !== undefined) {
        omitted.push(`${what}: ${secret}, never sent to a model`);
        continue;
      }
      const chunk = chunks.get(file.path);
      if (chunk === undefined) {
        omitted.push(`${what}: past git’s ${GIT_OUTPUT_CAP_IN_BYTES / 1_000_000} MB output cap`);
        continue;
      }
      const cost = estimateTokens(chunk);
      if (cost > remaining) {
        omitted.push(`${what}: did not fit the model’s context window`);
        continue;
      }
      remaining -= cost;
      kept.push(chunk);
    }
    parts.push(`### ${section.label} (${files.length} file${files.length === 1 ? '' : 's'})`);
    if (kept.length > 0) parts.push('```diff\n' + kept.join('\n').trimEnd() + '\n```');
  }
  if (untracked.length > 0) {
    parts.push(`Untracked files (not in the diff): ${untracked.join(', ')}`);
  }
  if (omitted.length > 0) {
    parts.push('Left out of the diff above:\n' + omitted.map((line) => `- ${line}`).join('\n'));
  }
  return { text: parts.join('\n\n'), omitted, fileCount };
}

/** The diff cut into one text per file, keyed by the file's path (renames are off). */
function splitByFile(diff: string): { chunks: Map<string, string>; last: string | undefined } {
  const chunks = new Map<string, string>();
  let last: string | undefined;
  for (const chunk of diff.split(/^(?=diff --git )/m)) {
    const path = headerPath(chunk.slice('diff --git '.length, chunk.indexOf('\n')));
    if (!chunk.startsWith('diff --git ') || path === undefined) continue;
    chunks.set(path, chunk);
    last = path;
  }
  return { chunks, last };
}

/** `a/src/x.ts b/src/x.ts` → `src/x.ts` (both sides name the same file when renames are off). */
function headerPath(header: string): string | undefined {
  const unquoted = header.replace(/"/g, '');
  const half = (unquoted.length - 1) / 2;
  if (Number.isInteger(half) && unquoted.startsWith('a/') && unquoted.slice(half + 1).startsWith('b/')) {
    return unquoted.slice(half + 3);
  }
  return /^a\/.*? b\/(.*)$/.exec(unquoted)?.[1];
}
