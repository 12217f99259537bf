import { looksSecret, redactTree } from './redact-for-audit.js';

/**
 * The arguments whose text an audit record keeps, by path (`[]` is any item of an array): model
 * names, ids, file paths and tool options — never what a person or a model wrote. Every other
 * string, in a known field or not, is content and is stored only as its length. A new argument is
 * therefore content until it is added here (a test lists every tool's fields to keep this honest).
 */
export const AUDIT_KEPT_ARGUMENTS: ReadonlySet<string> = new Set([
  // Which model.
  'model',
  'models[].model',
  'synthesis_model',
  // Which conversation, page or plan branch.
  'continuation_id',
  'id',
  'cursor',
  'branch_id',
  // Which files, by path.
  'files[]',
  'images[]',
  'prompt_file',
  'relevant_files[]',
  'files_checked[]',
  'issues_found[].file',
  'path',
  // Options: names and enums.
  'action',
  'agent',
  'role',
  'provider',
  'thinking',
  'confidence',
  'models[].stance',
  'issues_found[].severity',
  'refactor_type',
  'trace_mode',
  'test_framework',
  'compare_to',
  'version',
]);

/** A kept string longer than this (a path, an id) is stored as its length too. */
export const MAX_KEPT_ARGUMENT = 256;

/**
 * A tool call's arguments as its audit record keeps them (see docs/audit.md): numbers, booleans
 * and null as they are; strings only under `AUDIT_KEPT_ARGUMENTS`, and there not when they look
 * like a credential (`[redacted]`) or run past `MAX_KEPT_ARGUMENT`; every other string — prompts,
 * messages, findings, code, diffs, queries, whatever their length — as `[N characters]`. A value
 * under a secret-sounding key is `[redacted]`; deep nesting and long arrays are cut, saying so.
 */
export function redactToolArguments(value: unknown): unknown {
  return redactTree(value, (text, path) => {
    if (!AUDIT_KEPT_ARGUMENTS.has(path) || text.length > MAX_KEPT_ARGUMENT)
      return `[${text.length} characters]`;
    return looksSecret(text) ? '[redacted]' : text;
  });
}
