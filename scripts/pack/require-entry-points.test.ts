/**
 * The published packages are ES modules. A CommonJS app (`npm init -y` makes one) whose
 * TypeScript accepts `import … from '@exai/core'` compiles it to `require`: every entry point
 * must load that way too (Node >= 20.19 loads ES modules with `require`), instead of failing
 * at run time with ERR_PACKAGE_PATH_NOT_EXPORTED.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from 'vitest';

import { findExportsRequireCannotReach } from './check-packed-files.js';
import { listPublishablePackages, type PublishablePackage } from './list-publishable-packages.js';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function entryPointsOf(pkg: PublishablePackage): string[] {
  const manifest = JSON.parse(readFileSync(join(pkg.directory, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  return Object.keys(manifest.exports ?? {}).map((subpath) =>
    subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
  );
}

describe('entry points of the publishable packages, from CommonJS', () => {
  let packages: PublishablePackage[];
  beforeAll(async () => {
    packages = await listPublishablePackages({ root });
  });

  it('name a target require() can reach', () => {
    const problems = packages.flatMap((pkg) =>
      findExportsRequireCannotReach(pkg.directory).map((problem) => `${pkg.name}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it.runIf(process.features.require_module)(
    'load with require() in a plain Node.js process',
    async () => {
      const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.directory, 'dist')));
      expect(unbuilt.map((pkg) => `${pkg.name} is not built: run npm run build`)).toEqual([]);
      const specifiers = packages.flatMap(entryPointsOf);
      // A child process of its own: Node without vitest's `source` condition, as a user's app runs.
      const script = [
        `for (const specifier of ${JSON.stringify(specifiers)}) {`,
        '  try { require(specifier); } catch (error) { console.log(`${specifier}: ${error.code ?? error.message}`); }',
        '}',
      ].join('\n');
      const { stdout, stderr } = await run(process.execPath, ['-e', script], { cwd: root });
      expect(stdout).toBe('');
      expect(stderr).toBe('');
    },
    60_000,
  );
});
