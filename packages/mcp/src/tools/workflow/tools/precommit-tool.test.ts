import { execFileSync } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chatRequests,
  createWorkflowHarness,
  structuredOf,
  textOf,
  type WorkflowHarness,
} from '../workflow-test-helpers.js';
import { createFileService } from '@exai/core';
import { renderDiff } from './precommit-diff.js';
import { precommitTool } from './precommit-tool.js';

let upstream: FakeUpstream;
let harness: WorkflowHarness;
let repo: string;
let firstCommit: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await createWorkflowHarness(upstream, [precommitTool]);
  repo = harness.tree.at('repo');
  await harness.tree.write({
    'repo/app.ts': 'export const answer = 41;\n',
    'plain/notes.txt': 'not a repository\n',
  });
  git('init', '--quiet', '--initial-branch=main');
  git('add', 'app.ts');
  git('commit', '--quiet', '-m', 'first');
  firstCommit = git('rev-parse', 'HEAD').trim();
  await harness.tree.write({ 'repo/lib.ts': 'export const lib = "committed later";\n' });
  git('add', 'lib.ts');
  git('commit', '--quiet', '-m', 'second');
  // Staged: a new file. Unstaged: an edit to a committed one. Untracked: one more file.
  await harness.tree.write({
    'repo/staged.ts': 'export const staged = true;\n',
    'repo/.env': 'API_KEY=secret-value\n',
  });
  git('add', 'staged.ts', '.env');
  await harness.tree.write({ 'repo/app.ts': 'export const answer = 42;\n', 'repo/untracked.ts': 'x\n' });
});
afterEach(async () => {
  await harness.close();
});

const finalStep = (extra: Record<string, unknown>) =>
  harness.client.callTool({
    name: 'precommit',
    arguments: {
      step: 'Review the pending change before committing.',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'The answer changes from 41 to 42.',
      confidence: 'high',
      path: repo,
      ...extra,
    },
  });

describe('precommit', () => {
  it('sends the staged and unstaged diff to the expert, never a secret file, and lists the changes', async () => {
    upstream.enqueue({ reply: { text: 'Ready to commit.' } });
    const result = await finalStep({});
    expect(result.isError).toBeFalsy();
    const sent = chatRequests(upstream)[0]?.messages.at(-1)?.content ?? '';
    expect(sent).toContain('### Staged (2 files)');
    expect(sent).toContain('+export const staged = true;');
    expect(sent).toContain('### Unstaged (1 file)');
    expect(sent).toContain('-export const answer = 41;');
    expect(sent).toContain('+export const answer = 42;');
    expect(sent).not.toContain('secret-value');
    expect(sent).toContain('.env (+1 −0), staged: an environment file');
    expect(sent).toContain('Untracked files (not in the diff): untracked.ts');
    expect(sent).not.toContain('committed later');
    const text = textOf(result);
    expect(text).toContain('Ready to commit.');
    expect(text).toContain('Note: Left out of the diff sent to the expert: .env');
    expect(text).toContain('- Staged: .env (+1 −0), staged.ts (+1 −0)');
    expect(text).toContain('- Unstaged: app.ts (+1 −1)');
  });

  it('honours include_staged and include_unstaged, and compare_to adds the commits since that ref', async () => {
    upstream.enqueue({ reply: { text: 'ok' } }, { reply: { text: 'ok' } });
    await finalStep({ include_staged: false });
    const unstagedOnly = chatRequests(upstream)[0]?.messages.at(-1)?.content ?? '';
    expect(unstagedOnly).toContain('+export const answer = 42;');
    expect(unstagedOnly).not.toContain('staged = true');
    expect(unstagedOnly).not.toContain('### Staged');

    await finalStep({ compare_to: firstCommit, include_unstaged: false });
    const sinceFirst = chatRequests(upstream)[1]?.messages.at(-1)?.content ?? '';
    expect(sinceFirst).toContain(`### Committed since ${firstCommit} (1 file)`);
    expect(sinceFirst).toContain('+export const lib = "committed later";');
    expect(sinceFirst).toContain('+export const staged = true;');
    expect(sinceFirst).not.toContain('answer = 42');
  });

  it('lists the changes on a non-final step without calling a model, and keeps path for later steps', async () => {
    const first = await harness.client.callTool({
      name: 'precommit',
      arguments: {
        step: 'Look at the change.',
        step_number: 1,
        total_steps: 2,
        next_step_required: true,
        findings: '',
        path: repo,
      },
    });
    expect(textOf(first)).toContain('- Unstaged: app.ts (+1 −1)');
    expect(upstream.requests).toHaveLength(0);
    upstream.enqueue({ reply: { text: 'fine' } });
    const second = await harness.client.callTool({
      name: 'precommit',
      arguments: {
        step: 'Done.',
        step_number: 2,
        total_steps: 2,
        next_step_required: false,
        findings: 'Small change.',
        continuation_id: structuredOf(first).continuation_id,
      },
    });
    expect(second.isError).toBeFalsy();
    expect(chatRequests(upstream)[0]?.messages.at(-1)?.content).toContain('+export const answer = 42;');
  });

  it('refuses a folder that is not a repository, an unknown ref, and a path outside the roots', async () => {
    const plain = await finalStep({ path: harness.tree.at('plain') });
    expect(textOf(plain)).toMatch(/^invalid_argument: ".*plain" is not inside a git repository/);
    const file = await finalStep({ path: harness.tree.at('repo/app.ts') });
    expect(textOf(file)).toMatch(/^invalid_argument: .*app\.ts is a file; pass the repository's folder/);
    const ref = await finalStep({ compare_to: 'no-such-branch' });
    expect(textOf(ref)).toMatch(
      /^invalid_argument: compare_to "no-such-branch" is not a branch, tag or commit/,
    );
    const option = await finalStep({ compare_to: '--output=/tmp/x' });
    expect(textOf(option)).toMatch(/^invalid_argument: compare_to "--output=\/tmp\/x"/);
    const outside = await finalStep({ path: '/' });
    expect(textOf(outside)).toMatch(/^path_not_allowed: /);
    const nothing = await finalStep({ include_staged: false, include_unstaged: false });
    expect(textOf(nothing)).toMatch(/^invalid_argument: .*nothing to review/);
    expect(upstream.requests).toHaveLength(0);
    expect((await harness.store.listThreads('default')).items).toEqual([]);
  });

  it('names every file left out when the diff does not fit the budget', async () => {
    const diff = await renderDiff(
      { folder: repo, compareTo: undefined, includeStaged: true, includeUnstaged: true },
      { budgetInTokens: 60, files: createFileService({ allowedRoots: [harness.tree.base] }) },
    );
    expect(diff.fileCount).toBe(3);
    expect(diff.omitted.some((line) => line.startsWith('.env'))).toBe(true);
    expect(diff.omitted.some((line) => line.endsWith('did not fit the model’s context window'))).toBe(true);
    expect(diff.text).toContain('Left out of the diff above:');
  });

  const everything = { compareTo: undefined, includeStaged: true, includeUnstaged: true };

  it('matches the diff of paths git quotes (holding ", \\ or a tab) to their files', async () => {
    await harness.tree.write({
      'repo/we"ird.ts': 'export const quote = 1;\n',
      'repo/back\\slash.ts': 'export const backslash = 2;\n',
      'repo/tab\there.ts': 'export const tab = 3;\n',
    });
    git('add', 'we"ird.ts', 'back\\slash.ts', 'tab\there.ts');
    const diff = await renderDiff(
      { folder: repo, ...everything },
      { budgetInTokens: 10_000, files: createFileService({ allowedRoots: [harness.tree.base] }) },
    );
    expect(diff.text).toContain('+export const quote = 1;');
    expect(diff.text).toContain('+export const backslash = 2;');
    expect(diff.text).toContain('+export const tab = 3;');
    expect(diff.omitted.filter((line) => !line.startsWith('.env'))).toEqual([]);
  });

  it('never sends a file the FileService’s deny rules refuse, such as a denyPaths entry', async () => {
    await harness.tree.write({ 'repo/vendor/lib.ts': 'export const vendored = "private";\n' });
    git('add', 'vendor/lib.ts');
    const files = createFileService({ allowedRoots: [harness.tree.base], denyPaths: [`${repo}/vendor`] });
    const diff = await renderDiff({ folder: repo, ...everything }, { budgetInTokens: 10_000, files });
    expect(diff.text).not.toContain('vendored');
    expect(diff.omitted).toContainEqual(
      expect.stringMatching(/^vendor\/lib\.ts .*denyPaths option, never sent/),
    );
  });

  it('lists at most 20 untracked files and says how many more there are', async () => {
    const many: Record<string, string> = {};
    for (let index = 0; index < 25; index += 1) many[`repo/new-${String(index).padStart(2, '0')}.ts`] = 'x\n';
    await harness.tree.write(many);
    const diff = await renderDiff(
      { folder: repo, ...everything },
      { budgetInTokens: 10_000, files: createFileService({ allowedRoots: [harness.tree.base] }) },
    );
    expect(diff.text).toMatch(/Untracked files \(not in the diff\): new-00\.ts, .*new-19\.ts, and 6 more/);
    expect(diff.text).not.toContain('new-24.ts');
  });

  it('does not let the repository’s configuration run commands (fsmonitor, textconv)', async () => {
    const marker = harness.tree.at('ran');
    await harness.tree.write({
      'hook.sh': `#!/bin/sh\necho "$0" >> '${marker}'\n`,
      'repo/.gitattributes': '*.ts diff=evil\n',
    });
    await chmod(harness.tree.at('hook.sh'), 0o755);
    git('config', 'core.fsmonitor', harness.tree.at('hook.sh'));
    git('config', 'diff.evil.textconv', harness.tree.at('hook.sh'));
    upstream.enqueue({ reply: { text: 'Ready.' } });
    const result = await finalStep({});
    expect(result.isError).toBeFalsy();
    expect(chatRequests(upstream)[0]?.messages.at(-1)?.content).toContain('+export const answer = 42;');
    await expect(stat(marker)).rejects.toThrow(/ENOENT/);
  });
});
