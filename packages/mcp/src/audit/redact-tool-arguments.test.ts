import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toolCatalogue } from '../tool-catalogue/tool-catalogue.js';
import { AUDIT_KEPT_ARGUMENTS, MAX_KEPT_ARGUMENT, redactToolArguments } from './redact-tool-arguments.js';

const providerKey = 'sk-proj-Zr8Tq2Lm5Vx9Nb4Kc7Hd1Jf6Gs3Pw0Ye';
const jwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwidGVuYW50IjoiYWNtZSJ9.c2lnbmF0dXJlLXBhcnQtaGVyZQ';

/**
 * Every string argument of a tool that is content: what a person or a model wrote. Only the
 * length of these is audited. A new string argument must be added here or to
 * `AUDIT_KEPT_ARGUMENTS`; the test below fails until it is.
 */
const contentArguments = [
  'prompt',
  'system',
  'question',
  'query',
  'step',
  'findings',
  'hypothesis',
  'relevant_context[]',
  'issues_found[].description',
  'models[].stance_prompt',
  'audit_focus',
];

/** The path of every string (or string enum) in a JSON schema, `[]` for array items. */
function stringPaths(schema: Record<string, unknown>, path = ''): string[] {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties !== undefined)
    return Object.entries(properties).flatMap(([key, value]) =>
      stringPaths(value, path === '' ? key : `${path}.${key}`),
    );
  if (schema.type === 'array') return stringPaths(schema.items as Record<string, unknown>, `${path}[]`);
  const variants = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  if (variants !== undefined) return [...new Set(variants.flatMap((variant) => stringPaths(variant, path)))];
  return schema.type === 'string' ? [path] : [];
}

const toolStringArguments = new Set(
  toolCatalogue.flatMap((entry) =>
    stringPaths(z.toJSONSchema(entry.load().inputSchema, { io: 'input', unrepresentable: 'any' })),
  ),
);

describe('redactToolArguments', () => {
  it('keeps no text of a prompt, however short: only its length', () => {
    expect(redactToolArguments({ model: 'kimi-k2', prompt: 'MODE:medium lim' })).toEqual({
      model: 'kimi-k2',
      prompt: '[15 characters]',
    });
    expect(redactToolArguments({ prompt: '' })).toEqual({ prompt: '[0 characters]' });
  });

  it('keeps no text of any content argument of any tool', () => {
    const call = {
      prompt: 'hi',
      system: 'Be terse.',
      question: 'Why?',
      query: 'acme roadmap',
      step: 'Read the diff.',
      findings: 'Nothing yet.',
      hypothesis: 'A race.',
      audit_focus: 'auth',
      relevant_context: ['handleLogin'],
      issues_found: [{ severity: 'high', description: 'SQL injection', file: 'src/db.ts', line: 3 }],
      models: [{ model: 'glm-4.6', stance: 'against', stance_prompt: 'Argue no.' }],
    };
    const kept = redactToolArguments(call);
    expect(kept).toEqual({
      prompt: '[2 characters]',
      system: '[9 characters]',
      question: '[4 characters]',
      query: '[12 characters]',
      step: '[14 characters]',
      findings: '[12 characters]',
      hypothesis: '[7 characters]',
      audit_focus: '[4 characters]',
      relevant_context: ['[11 characters]'],
      issues_found: [{ severity: 'high', description: '[13 characters]', file: 'src/db.ts', line: 3 }],
      models: [{ model: 'glm-4.6', stance: 'against', stance_prompt: '[9 characters]' }],
    });
  });

  it('keeps which model, thread, files and options a call used', () => {
    const call = {
      model: 'kimi:kimi-k2-0905-preview',
      continuation_id: '6f1c2d9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
      files: ['/repo/src/a.ts', '/repo/src/b.ts'],
      relevant_files: ['/repo/src/a.ts'],
      files_checked: ['/repo/src/c.ts'],
      prompt_file: '/repo/prompt.md',
      path: '/repo',
      compare_to: 'origin/main',
      thinking: 'high',
      confidence: 'medium',
      temperature: 0.2,
      step_number: 2,
      total_steps: 3,
      next_step_required: true,
      use_assistant_model: false,
      web_search: true,
    };
    expect(redactToolArguments(call)).toEqual(call);
  });

  it('stores no credential: not under a secret-sounding key, not in a kept field, not in content', () => {
    const kept = redactToolArguments({
      apiKey: 'short',
      token: 12345,
      model: providerKey,
      continuation_id: jwt,
      files: [`Bearer ${providerKey}`],
      prompt: `my key is ${providerKey}`,
    });
    expect(kept).toEqual({
      apiKey: '[redacted]',
      token: '[redacted]',
      model: '[redacted]',
      continuation_id: '[redacted]',
      files: ['[redacted]'],
      prompt: `[${`my key is ${providerKey}`.length} characters]`,
    });
    expect(JSON.stringify(kept)).not.toContain(providerKey.slice(-20));
  });

  it('keeps text only at its own path, so a kept name elsewhere is still content', () => {
    expect(
      redactToolArguments({ extra: { model: 'not a model' }, models: [{ prompt: 'x' }], files: 'a.ts' }),
    ).toEqual({
      extra: { model: '[11 characters]' },
      models: [{ prompt: '[1 characters]' }],
      files: '[4 characters]',
    });
  });

  it('stores an overlong kept value as its length, and cuts deep nesting and long arrays', () => {
    const path = `/${'a'.repeat(MAX_KEPT_ARGUMENT)}`;
    expect(redactToolArguments({ path })).toEqual({ path: `[${path.length} characters]` });
    const files = Array.from({ length: 25 }, (_, index) => `f${index}.ts`);
    const kept = redactToolArguments({ files }) as { files: string[] };
    expect(kept.files).toHaveLength(21);
    expect(kept.files.at(-1)).toBe('[5 more]');
    expect(redactToolArguments({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({
      a: { b: { c: { d: '[nested too deep]' } } },
    });
  });

  it('has decided, for every string argument of every tool, whether it is kept or content', () => {
    const undecided = [...toolStringArguments].filter(
      (path) => !AUDIT_KEPT_ARGUMENTS.has(path) && !contentArguments.includes(path),
    );
    expect(undecided, 'add each to AUDIT_KEPT_ARGUMENTS or to contentArguments').toEqual([]);
    expect([...AUDIT_KEPT_ARGUMENTS].filter((path) => contentArguments.includes(path))).toEqual([]);
    // No kept path is a typo or left over from a removed argument.
    expect([...AUDIT_KEPT_ARGUMENTS].filter((path) => !toolStringArguments.has(path))).toEqual([]);
    expect(contentArguments.filter((path) => !toolStringArguments.has(path))).toEqual([]);
  });
});
