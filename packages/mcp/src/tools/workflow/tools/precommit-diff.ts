import { join } from 'node:path';
import type { FileService } from '@exai/core';
import { estimateTokens } from '../../../model-turn/build-conversation.js';
import { diffHeaderPath } from './precommit-diff-header.js';
import { GIT_OUTPUT_CAP_IN_BYTES, runGit } from './precommit-git.js';

/** Files named per part of the review (and of the untracked list) before "and N more". */
export const LISTED_FILES_PER_SECTION = 20;

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

/** A list of paths from git; `truncated` when git's output passed the cap and the list is incomplete. */
export interface ListedFiles<Item> {
  files: Item[];
  truncated: boolean;
}

// --no-ext-diff and --no-textconv: the repository's configuration must not make git run commands.
const diffOptions = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--relative'];
const capInMb = GIT_OUTPUT_CAP_IN_BYTES / 1_000_000;

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
): Promise<{
  sections: Array<{ label: string } & ListedFiles<ChangedFile>>;
  untracked: ListedFiles<string>;
}> {
  const listed = [];
  for (const section of sections(selection)) {
    const output = await runGit(['diff', '--numstat', '-z', ...diffOptions, ...section.args], {
      cwd: selection.folder,
      signal,
    });
    const files = nulRecords(output.stdout).map(parseNumstat);
    listed.push({ label: section.label, files, truncated: output.truncated });
  }
  let untracked: ListedFiles<string> = { files: [], truncated: false };
  if (selection.includeUnstaged) {
    const output = await runGit(['ls-files', '-z', '--others', '--exclude-standard'], {
      cwd: selection.folder,
      signal,
    });
    untracked = { files: nulRecords(output.stdout), truncated: output.truncated };
  }
  return { sections: listed, untracked };
}

/** NUL-terminated records; of a cut output, the last (incomplete) one is dropped. */
function nulRecords(text: string): string[] {
  const records = text.split('\0');
  records.pop(); // '' after the last NUL, or the incomplete record of a cut output
  return records.filter((record) => record !== '');
}

function parseNumstat(record: string): ChangedFile {
  const [added = '-', deleted = '-', ...path] = record.split('\t');
  return {
    path: path.join('\t'),
    added: added === '-' ? undefined : Number(added),
    deleted: deleted === '-' ? undefined : Number(deleted),
  };
}

/** `src/a.ts (+3 −1)` */
export function describeChangedFile(file: ChangedFile): string {
  return file.added === undefined
    ? `${file.path} (binary)`
    : `${file.path} (+${file.added} −${file.deleted})`;
}

/** `a, b, c, and 4 more`, or `and more` when git's list itself was cut. */
export function describeList(items: readonly string[], truncated: boolean): string {
  const shown = items.slice(0, LISTED_FILES_PER_SECTION);
  const more = items.length - shown.length;
  const tail = truncated
    ? [`and more (the list passed git’s ${capInMb} MB output cap)`]
    : more > 0
      ? [`and ${more} more`]
      : [];
  return [...shown, ...tail].join(', ');
}

/**
 * The diff for the expert model, whole files at a time within `budgetInTokens` (the list of
 * untracked files counts too). Nothing is cut silently: every file left out (over the budget,
 * past git's output cap, or refused by the FileService's deny rules and never sent) is named in
 * `omitted`, and a list git cut short says so.
 */
export async function renderDiff(
  selection: ChangeSelection,
  {
    budgetInTokens,
    files,
    signal,
  }: { budgetInTokens: number; files: Pick<FileService, 'denyReason'>; signal?: AbortSignal },
): Promise<{ text: string; omitted: string[]; fileCount: number }> {
  const { sections: changes, untracked } = await listChanges(selection, signal);
  const omitted: string[] = [];
  const parts: string[] = [];
  const untrackedLine =
    untracked.files.length > 0 || untracked.truncated
      ? `Untracked files (not in the diff): ${describeList(untracked.files, untracked.truncated)}`
      : '';
  let remaining = budgetInTokens - estimateTokens(untrackedLine);
  let fileCount = 0;
  for (const [index, section] of sections(selection).entries()) {
    const listed = changes[index] ?? { files: [], truncated: false };
    if (listed.truncated) {
      omitted.push(
        `${section.label}: the list of changed files passed git’s ${capInMb} MB output cap; files after ` +
          `${listed.files.at(-1)?.path ?? 'the first'} are not listed`,
      );
    }
    if (listed.files.length === 0) {
      parts.push(`### ${section.label}: ${listed.truncated ? 'too many changes to list' : 'no changes'}`);
      continue;
    }
    const output = await runGit(['diff', ...diffOptions, ...section.args], { cwd: selection.folder, signal });
    const { chunks, last } = splitByFile(output.stdout);
    // The last file of a cut output is incomplete: it counts as past the cap.
    if (output.truncated && last !== undefined) chunks.delete(last);
    const kept: string[] = [];
    for (const file of listed.files) {
      fileCount += 1;
      const what = `${describeChangedFile(file)}, ${section.label.toLowerCase()}`;
      const denied = files.denyReason(join(selection.folder, file.path));
      if (denied !== undefined) {
        omitted.push(`${what}: ${denied}, never sent to a model`);
        continue;
      }
      const chunk = chunks.get(file.path);
      if (chunk === undefined) {
        omitted.push(`${what}: past git’s ${capInMb} MB output cap`);
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
    parts.push(`### ${section.label} (${listed.files.length} file${listed.files.length === 1 ? '' : 's'})`);
    if (kept.length > 0) parts.push('```diff\n' + kept.join('\n').trimEnd() + '\n```');
  }
  if (untrackedLine !== '') parts.push(untrackedLine);
  if (omitted.length > 0) {
    parts.push('Left out of the diff above:\n' + omitted.map((line) => `- ${line}`).join('\n'));
  }
  return { text: parts.join('\n\n'), omitted, fileCount };
}

/** The diff cut into one text per file, keyed by the file's path as `--numstat -z` prints it. */
function splitByFile(diff: string): { chunks: Map<string, string>; last: string | undefined } {
  const chunks = new Map<string, string>();
  let last: string | undefined;
  for (const chunk of diff.split(/^(?=diff --git )/m)) {
    if (!chunk.startsWith('diff --git ')) continue;
    const path = diffHeaderPath(chunk.slice('diff --git '.length, chunk.indexOf('\n')));
    if (path === undefined) continue;
    chunks.set(path, chunk);
    last = path;
  }
  return { chunks, last };
}
