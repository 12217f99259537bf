import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  findBrokenSourceMaps,
  findExportsRequireCannotReach,
  findShippedTestFiles,
  findUndeclaredImports,
} from './check-packed-files.js';

let directory: string;

function write(files: Record<string, string>): string[] {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  return Object.keys(files);
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-packed-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('checks of a packed package', () => {
  it('flags tests and test scaffolding, not a public test kit', () => {
    expect(
      findShippedTestFiles([
        'dist/index.js',
        'dist/test/index.js',
        'dist/retry.test.js',
        'src/retry.spec.ts',
        'dist/__tests__/a.js',
        'src/store-test-helpers.ts',
      ]),
    ).toEqual([
      'dist/retry.test.js',
      'src/retry.spec.ts',
      'dist/__tests__/a.js',
      'src/store-test-helpers.ts',
    ]);
  });

  it('accepts maps with embedded sources and flags maps naming missing ones', () => {
    const files = write({
      'dist/a.js': 'export {};\n//# sourceMappingURL=a.js.map',
      'dist/a.js.map': JSON.stringify({ sources: ['../src/a.ts'], sourcesContent: ['export {};'] }),
      'dist/b.js': 'export {};\n//# sourceMappingURL=b.js.map',
      'dist/b.js.map': JSON.stringify({ sources: ['../src/b.ts'] }),
      'dist/c.js': 'export {};\n//# sourceMappingURL=c.js.map',
    });
    expect(findBrokenSourceMaps(directory, files)).toEqual([
      'dist/c.js points at dist/c.js.map, which is not in the package',
      'dist/b.js.map names ../src/b.ts, neither shipped nor embedded in sourcesContent',
    ]);
  });

  it('flags imports missing from dependencies; builtins, subpaths and @types are fine', () => {
    const files = write({
      'package.json': JSON.stringify({
        name: '@exai/x',
        dependencies: { zod: '^4', '@types/pg': '^8' },
        optionalDependencies: { 'better-sqlite3': '^12' },
      }),
      'dist/index.js': [
        "import { z } from 'zod';",
        "import fs from 'node:fs';",
        "import path from 'path';",
        "import self from '@exai/x/internal';",
        "const driver = await import('better-sqlite3');",
        "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
      ].join('\n'),
      'dist/index.d.ts': "import type { Pool } from 'pg';\nimport type { Agent } from 'undici';",
    });
    expect(findUndeclaredImports(directory, files)).toEqual([
      'dist/index.js imports @modelcontextprotocol/sdk/client/index.js, but @modelcontextprotocol/sdk is not in dependencies',
      'dist/index.d.ts imports undici, but undici is not in dependencies',
    ]);
  });

  it('flags entry points that require() cannot reach, as every workspace package had only import', () => {
    write({
      'package.json': JSON.stringify({
        name: '@exai/x',
        exports: {
          '.': { source: './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
          './a': { types: './dist/a.d.ts', import: './dist/a.js', default: './dist/a.js' },
          './b': { types: './dist/b.d.ts', require: './dist/b.cjs' },
          './c': './dist/c.js',
        },
      }),
    });
    expect(findExportsRequireCannotReach(directory)).toEqual([
      'exports["."] has no default (or require) target, so require() cannot load it',
    ]);
  });
});
