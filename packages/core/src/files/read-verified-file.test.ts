import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathNotAllowedError } from '../errors/path-not-allowed-error.js';
import { loadFileAccess, type FileAccess } from './file-access.js';
import { createTemporaryTree, type TemporaryTree } from './file-service-test-helpers.js';
import { pathPlatformFor } from './path-platform.js';
import { readVerifiedFile } from './read-verified-file.js';

// What the read does when a path that passed the checks has been swapped for a symbolic link
// before it is opened: it must refuse rather than follow the link.
let tree: TemporaryTree;
let access: FileAccess;
const limit = { maxBytes: 1000, option: 'maxFileBytes' };

beforeAll(async () => {
  tree = await createTemporaryTree();
  await tree.write({ 'root/real/a.txt': 'inside', 'outside/a.txt': 'outside secret' });
  await tree.link(tree.at('outside', 'a.txt'), 'root/swapped.txt');
  await tree.link(tree.at('outside'), 'root/swapped-dir');
  access = await loadFileAccess({
    roots: [tree.at('root')],
    denyList: [],
    pathPlatform: pathPlatformFor(process.platform),
  });
});

afterAll(() => tree.remove());

describe('readVerifiedFile', () => {
  it('reads the file at a checked real path', async () => {
    const { bytes } = await readVerifiedFile('a.txt', tree.at('root', 'real', 'a.txt'), access, limit);
    expect(bytes.toString()).toBe('inside');
  });

  it('refuses when the final name has become a symbolic link', async () => {
    if (process.platform === 'win32') return;
    const error = await readVerifiedFile('swapped.txt', tree.at('root', 'swapped.txt'), access, limit).catch(
      (caught: unknown) => caught,
    );
    expect(PathNotAllowedError.isInstance(error) && error.rule).toBe('symlink-escape');
  });

  it('refuses when a folder on the way has become a symbolic link', async () => {
    const error = await readVerifiedFile(
      'a.txt',
      tree.at('root', 'swapped-dir', 'a.txt'),
      access,
      limit,
    ).catch((caught: unknown) => caught);
    expect(PathNotAllowedError.isInstance(error) && error.rule).toBe('symlink-escape');
    expect((error as Error).message).toContain('changed while exai was opening it');
  });
});
