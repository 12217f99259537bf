import { redactSecrets } from '@exai/core';
import type { z } from 'zod';

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

/** Keys whose values are never repeated in a message: they may hold a secret. */
const secretKeys = new Set(['apiKey', 'apiKeyEnv', 'headers']);

function describeValue(value: unknown, path: readonly PropertyKey[]): string {
  if (value === undefined) return 'nothing';
  if (path.some((part) => typeof part === 'string' && secretKeys.has(part))) return 'a value not shown here';
  const text = JSON.stringify(value);
  const shown = text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return redactSecrets(shown);
}

/** A value given where a variable name belongs that looks like the key itself. */
function looksLikeKey(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    (value.length >= 24 || /^(sk|gsk|xai|rk)[-_]/.test(value) || value.includes('.'))
  );
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
          : `${key}: expected ${issue.expected}, got ${describeValue(got, issue.path)}`;
      }
      case 'invalid_key':
        return `${key}: ${issue.issues.map((inner) => inner.message).join('; ')} (rename it)`;
      case 'invalid_format':
        if (issue.path.at(-1) === 'apiKeyEnv') {
          return looksLikeKey(valueAt(input, issue.path))
            ? `${key}: this looks like a key, not the name of an environment variable; put the key in a variable (export MY_KEY=…) and write its name here`
            : `${key}: expected the name of an environment variable, such as MY_KIMI_KEY`;
        }
        return `${key}: ${issue.message} (got ${describeValue(valueAt(input, issue.path), issue.path)})`;
      case 'custom':
        return `${key}: ${issue.message}`;
      default:
        return `${key}: ${issue.message} (got ${describeValue(valueAt(input, issue.path), issue.path)})`;
    }
  });
}
