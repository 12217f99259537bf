import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTooLargeError } from '../errors/file-too-large-error.js';
import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { createFileService } from './create-file-service.js';
import type { ExpandResult, FileServiceOptions } from './file-service.js';
import { createTemporaryTree, type TemporaryTree } from './file-service-test-helpers.js';

let tree: TemporaryTree;
let root: string;

beforeAll(async () => {
  tree = await createTemporaryTree();
  root = tree.at('repo');
  await tree.write({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/.git/info/exclude': 'excluded.txt\n',
    'repo/.gitignore': '*.log\n!keep.log\nout/\n',
    'repo/.hidden.ts': 'hidden',
    'repo/.env': 'SECRET=1',
    'repo/a.ts': 'a',
    'repo/b.log': 'b',
    'repo/keep.log': 'keep',
    'repo/excluded.txt': 'excluded',
    'repo/node_modules/pkg/index.js': 'module',
    'repo/dist/bundle.js': 'bundle',
    'repo/out/z.ts': 'z',
    'repo/scripts/build': '#!/bin/sh',
    'repo/src/.gitignore': 'generated/\n*.gen.ts\n!debug.log\n',
    'repo/src/index.ts': 'index',
    'repo/src/x.gen.ts': 'generated',
    'repo/src/debug.log': 'debug',
    'repo/src/trace.log': 'trace',
    'repo/src/generated/g.ts': 'g',
    'repo/src/deep/.gitignore': '!*.gen.ts\n',
    'repo/src/deep/y.gen.ts': 'y',
    'repo/src/__pycache__/m.pyc': 'pyc',
    'outside/secret.txt': 'secret',
    'outside/dir/inner.ts': 'inner',
    'caps/a.txt': '0123456789',
    'caps/b.txt': '0123456789',
    'caps/c.txt': '0123456789',
    'caps/d/e.txt': '0123456789',
    'caps/f.txt': '0123456789',
    'caps/huge.txt': 'x'.repeat(100),
  });
  await tree.link(tree.at('outside', 'dir'), 'repo/link-out');
  await tree.link(tree.at('outside', 'secret.txt'), 'repo/leak.txt');
  await tree.link(tree.at('repo', 'src'), 'repo/zlink');
  await tree.link('..', 'repo/src/deep/up');
});

afterAll(() => tree.remove());

const service = (options: Partial<FileServiceOptions> = {}) =>
  createFileService({
    allowedRoots: [tree.at('repo'), tree.at('caps')],
    homeDirectory: tree.at('home'),
    ...options,
  });

/** Inputs are written relative to the temporary folder; "repo/…" and "caps/…" are the two roots. */
const absolute = (inputs: string[]) => inputs.map((input) => tree.at(input));

const relative = (result: ExpandResult) => ({
  files: result.files.map((file) => file.slice(tree.base.length + 1)),
  skipped: result.skipped.map(({ path, reason }) => `${path.slice(tree.base.length + 1)} ${reason}`),
});

describe('FileService.expand', () => {
  it('walks folders honouring nested .gitignore files, negations and .git/info/exclude', async () => {
    const result = relative(await service().expand(absolute(['repo'])));
    expect(result.files).toEqual([
      'repo/a.ts',
      'repo/keep.log',
      'repo/scripts/build',
      'repo/src/debug.log',
      'repo/src/deep/y.gen.ts',
      'repo/src/index.ts',
    ]);
    expect(result.skipped).toEqual([
      'repo/.env hidden',
      'repo/.git excluded-directory',
      'repo/.gitignore hidden',
      'repo/.hidden.ts hidden',
      'repo/b.log gitignored',
      'repo/dist excluded-directory',
      'repo/excluded.txt gitignored',
      'repo/leak.txt symlink-escape',
      'repo/link-out symlink-escape',
      'repo/node_modules excluded-directory',
      'repo/out gitignored',
      'repo/src/.gitignore hidden',
      'repo/src/__pycache__ excluded-directory',
      'repo/src/deep/.gitignore hidden',
      'repo/src/deep/up duplicate',
      'repo/src/generated gitignored',
      'repo/src/trace.log gitignored',
      'repo/src/x.gen.ts gitignored',
      'repo/zlink duplicate',
    ]);
  });

  it('is deterministic', async () => {
    expect(await service().expand(absolute(['repo']))).toEqual(await service().expand(absolute(['repo'])));
  });

  it('lists hidden files on request, but never .git or secret files', async () => {
    const result = relative(await service().expand(absolute(['repo']), { includeHidden: true }));
    expect(result.files.slice(0, 2)).toEqual(['repo/.gitignore', 'repo/.hidden.ts']);
    expect(result.files).toContain('repo/src/.gitignore');
    expect(result.skipped).toContain('repo/.env secret-file');
    expect(result.skipped).toContain('repo/.git excluded-directory');
  });

  it('applies the .gitignore files above a folder it is asked to walk', async () => {
    const result = relative(await service().expand([tree.at('repo', 'src')]));
    expect(result.files).toEqual(['repo/src/debug.log', 'repo/src/deep/y.gen.ts', 'repo/src/index.ts']);
    expect(result.skipped).toContain('repo/src/trace.log gitignored');
  });

  it('takes named files as they are, in the order given, once each', async () => {
    const result = relative(
      await service().expand(
        absolute(['repo/b.log', 'repo/src/index.ts', 'repo/.hidden.ts', 'repo/zlink/index.ts']),
      ),
    );
    expect(result.files).toEqual(['repo/b.log', 'repo/src/index.ts', 'repo/.hidden.ts']);
    expect(result.skipped).toEqual(['repo/src/index.ts duplicate']);
  });

  it('throws for a named path it refuses', async () => {
    for (const [input, rule] of [
      ['repo/.env', 'secret-file'],
      ['repo/leak.txt', 'symlink-escape'],
      ['repo/link-out', 'symlink-escape'],
      ['../etc', 'traversal'],
    ] as const) {
      const error = await service({ allowedRoots: [root] })
        .expand([input.replace(/^repo\//, '')])
        .catch((caught: unknown) => caught);
      expect(PathNotAllowedError.isInstance(error) && error.rule, input).toBe(rule);
    }
  });

  it('stops at maxFiles and reports everything it did not visit', async () => {
    const result = relative(await service({ maxFiles: 2 }).expand(absolute(['caps', 'repo/a.ts'])));
    expect(result.files).toEqual(['caps/a.txt', 'caps/b.txt']);
    expect(result.skipped).toEqual([
      'caps/c.txt max-files',
      'caps/d max-files',
      'caps/f.txt max-files',
      'caps/huge.txt max-files',
      'repo/a.ts max-files',
    ]);
  });

  it('stops at maxTotalBytes, skips single files over maxFileBytes and reports both', async () => {
    const result = await service({ maxTotalBytes: 35, maxFileBytes: 50 }).expand(absolute(['caps']));
    expect(relative(result)).toEqual({
      files: ['caps/a.txt', 'caps/b.txt', 'caps/c.txt'],
      skipped: [
        'caps/d/e.txt max-total-bytes',
        'caps/f.txt max-total-bytes',
        'caps/huge.txt max-total-bytes',
      ],
    });
    expect(result.totalBytes).toBe(30);
    const tooLarge = relative(await service({ maxFileBytes: 50 }).expand(absolute(['caps'])));
    expect(tooLarge.files).toHaveLength(5);
    expect(tooLarge.skipped).toEqual(['caps/huge.txt file-too-large']);
  });

  it('refuses a file named directly that is over maxFileBytes, naming the option', async () => {
    const error = await service({ maxFileBytes: 50 })
      .expand(absolute(['caps/a.txt', 'caps/huge.txt']))
      .catch((caught: unknown) => caught);
    expect(FileTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'file_too_large', bytes: 100, maxBytes: 50, option: 'maxFileBytes' });
    expect((error as Error).message).toContain('caps/huge.txt');
  });

  it('does not stop when the last file fits the cap exactly', async () => {
    const result = relative(await service({ maxFiles: 5, maxFileBytes: 50 }).expand(absolute(['caps'])));
    expect(result.files).toHaveLength(5);
    expect(result.skipped).toEqual(['caps/huge.txt file-too-large']);
  });
});
