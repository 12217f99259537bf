import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, pngBytes, type TemporaryTree } from '@exai/core/test';
import { embedFiles, omittedFilesNote } from './embed-files.js';

let tree: TemporaryTree;

beforeEach(async () => {
  tree = await createTemporaryTree();
  await tree.write({
    'a.ts': 'const a = 1;\nconst b = 2;\n',
    'big.ts': 'x'.repeat(4000),
    'lib/c.ts': 'export {};\n',
    'lib/d.ts': 'export {};\n',
  });
});
afterEach(async () => {
  await tree.remove();
});

describe('embedFiles', () => {
  it('embeds files with line numbers, expanding folders, in the order given', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    const embedded = await embedFiles({ files, current: ['a.ts', 'lib'], budgetInTokens: 10_000 });
    expect(embedded.included).toEqual([tree.at('a.ts'), tree.at('lib/c.ts'), tree.at('lib/d.ts')]);
    expect(embedded.text).toContain(
      `<file path="${tree.at('a.ts')}">\n1│ const a = 1;\n2│ const b = 2;\n</file>`,
    );
    expect(embedded.omitted).toEqual([]);
  });

  it('embeds a file named twice once and does not list it as left out', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    const embedded = await embedFiles({ files, current: ['a.ts', tree.at('a.ts')], budgetInTokens: 10_000 });
    expect(embedded.included).toEqual([tree.at('a.ts')]);
    expect(embedded.omitted).toEqual([]);
  });

  it('leaves out what does not fit, newest request first, and says so', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    const embedded = await embedFiles({
      files,
      current: ['a.ts'],
      earlier: [tree.at('big.ts'), tree.at('lib/c.ts')],
      budgetInTokens: 200,
    });
    expect(embedded.included).toEqual([tree.at('a.ts'), tree.at('lib/c.ts')]);
    expect(embedded.omitted).toEqual([
      { path: tree.at('big.ts'), reason: expect.stringMatching(/context window/) },
    ]);
    expect(omittedFilesNote(embedded.omitted)).toContain(`- ${tree.at('big.ts')}: left out`);
  });

  it('throws for a refused file of this call, but only notes an earlier file that is gone', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    await expect(embedFiles({ files, current: ['missing.ts'], budgetInTokens: 1000 })).rejects.toThrow(
      /missing\.ts/,
    );
    const embedded = await embedFiles({
      files,
      current: [],
      earlier: [tree.at('gone.ts'), tree.at('a.ts')],
      budgetInTokens: 1000,
    });
    expect(embedded.included).toEqual([tree.at('a.ts')]);
    expect(embedded.omitted[0]).toEqual({
      path: tree.at('gone.ts'),
      reason: expect.stringMatching(/no longer readable/),
    });
  });

  it('notes a binary file found in a folder instead of failing, but throws for one named directly', async () => {
    await tree.write({ 'lib/logo.png': pngBytes });
    const files = createFileService({ allowedRoots: [tree.base] });
    const embedded = await embedFiles({ files, current: ['lib'], budgetInTokens: 1000 });
    expect(embedded.included).toEqual([tree.at('lib/c.ts'), tree.at('lib/d.ts')]);
    expect(embedded.omitted).toEqual([
      { path: tree.at('lib/logo.png'), reason: expect.stringMatching(/is an image \(image\/png\)/) },
    ]);
    await expect(
      embedFiles({ files, current: ['lib', 'lib/logo.png'], budgetInTokens: 1000 }),
    ).rejects.toThrow(/logo\.png" is an image/);
  });

  it('does not embed the same file twice', async () => {
    const files = createFileService({ allowedRoots: [tree.base] });
    const embedded = await embedFiles({
      files,
      current: ['a.ts'],
      earlier: [tree.at('a.ts')],
      budgetInTokens: 1000,
    });
    expect(embedded.included).toEqual([tree.at('a.ts')]);
  });
});
