import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreIndexUrl as indexUrl, runFreshModule } from '../test-support/run-fresh-module.js';

let folder: string | undefined;

afterEach(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

describe('files: the ignore package is loaded on first use', () => {
  it('is not loaded by importing @exai/core, and is loaded once a .gitignore is read', async () => {
    folder = mkdtempSync(join(tmpdir(), 'exai-ignore-lazy-'));
    writeFileSync(join(folder, '.gitignore'), 'skip.txt\n');
    writeFileSync(join(folder, 'skip.txt'), 'x');
    writeFileSync(join(folder, 'keep.txt'), 'x');
    const script = `
      const cache = (await import('node:module')).createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).some((key) => key.includes('/node_modules/ignore/'));
      const { createFileService } = await import(${JSON.stringify(indexUrl)});
      const before = loaded();
      const files = createFileService({ allowedRoots: [${JSON.stringify(folder)}] });
      const expanded = await files.expand([${JSON.stringify(folder)}]);
      const names = expanded.files.map((file) => file.split('/').pop()).sort();
      console.log(JSON.stringify({ before, after: loaded(), names }));
    `;
    const { before, after, names } = JSON.parse(await runFreshModule(script)) as Record<string, unknown>;
    expect({ before, after }).toEqual({ before: false, after: true });
    expect(names).toContain('keep.txt');
    expect(names).not.toContain('skip.txt');
  }, 30_000);
});
