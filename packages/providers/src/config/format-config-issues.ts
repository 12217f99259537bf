import type { z } from 'zod';

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Turns zod issues into lines that each name the key, what is wrong, and how to fix it. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const key = formatPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys
          .map(
            (name) =>
              `${issue.path.length > 0 ? `${key}.` : ''}${name}: unknown key; remove it or check its spelling`,
          )
          .join('\n  - ');
      case 'invalid_type': {
        const got = valueAt(input, issue.path);
        return got === undefined
          ? `${key}: required (${issue.expected}); add it`
          : `${key}: expected ${issue.expected}, got ${describeValue(got)}`;
      }
      case 'invalid_key':
        return `${key}: ${issue.issues.map((inner) => inner.message).join('; ')} (rename it)`;
      case 'custom':
        return `${key}: ${issue.message}`;
      default:
        return `${key}: ${issue.message} (got ${describeValue(valueAt(input, issue.path))})`;
    }
  });
}
