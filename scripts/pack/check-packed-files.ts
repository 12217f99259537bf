import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, posix } from 'node:path';

import ts from 'typescript';

/** Tests, fixtures and build leftovers that must never reach the registry. */
const unshippablePattern =
  /(^|\/)(__tests__|__fixtures__|test-support|test-helpers)\/|\.(test|spec)\.[cm]?[jt]sx?(\.map)?$|-test-helpers\.|\.tsbuildinfo$|(^|\/)\.turbo\//;

/** Files in a package that are tests or test scaffolding rather than code a user runs. */
export function findShippedTestFiles(files: readonly string[]): string[] {
  return files.filter((file) => unshippablePattern.test(file));
}

interface SourceMap {
  sources?: string[];
  sourcesContent?: Array<string | null>;
}

/**
 * Source maps that would leave a debugger or `--enable-source-maps` without code: a JavaScript
 * file naming a map that is not shipped, or a map naming a source that is neither shipped nor
 * embedded in its `sourcesContent`.
 */
export function findBrokenSourceMaps(packageDirectory: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  const shipped = new Set(files);
  for (const file of files.filter((name) => /\.[cm]?js$/.test(name))) {
    const text = readFileSync(join(packageDirectory, file), 'utf8');
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
    if (url === undefined || url.startsWith('data:')) continue;
    const mapFile = posix.join(posix.dirname(file), url);
    if (!shipped.has(mapFile)) problems.push(`${file} points at ${mapFile}, which is not in the package`);
  }
  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(packageDirectory, file), 'utf8')) as SourceMap;
    (map.sources ?? []).forEach((source, index) => {
      if (typeof map.sourcesContent?.[index] === 'string') return;
      const target = posix.join(posix.dirname(file), source);
      if (!existsSync(join(packageDirectory, target))) {
        problems.push(`${file} names ${source}, neither shipped nor embedded in sourcesContent`);
      }
    });
  }
  return problems;
}

interface Manifest {
  name: string;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const packageNameOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/**
 * Bare imports in the shipped JavaScript and declarations that the package's manifest does not
 * declare as a dependency (a devDependency is not installed for users). A declaration's import is
 * also satisfied by `@types/<name>`.
 */
export function findUndeclaredImports(packageDirectory: string, files: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as Manifest;
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const problems = new Set<string>();
  for (const file of files.filter((name) => /\.[cm]?js$|\.d\.[cm]?ts$/.test(name))) {
    const text = readFileSync(join(packageDirectory, file), 'utf8');
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const name = packageNameOf(specifier);
      const typesName = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
      const isDeclaration = /\.d\.[cm]?ts$/.test(file);
      if (declared.has(name) || (isDeclaration && declared.has(typesName))) continue;
      problems.add(`${file} imports ${specifier}, but ${name} is not in dependencies`);
    }
  }
  return [...problems];
}

/** The conditions Node's own `require` matches (never `import`, nor the workspace's `source`). */
const requireConditions = ['node', 'require', 'default'];

/**
 * Entry points that `require` cannot reach: an `exports` entry whose conditions name no target
 * for `require`. From CommonJS, Node then throws `ERR_PACKAGE_PATH_NOT_EXPORTED` although the
 * entry's `types` let TypeScript (`module: nodenext`) accept the import. With a `default` target
 * the same ES module loads through `require` (Node >= 20.19) or fails with the clear
 * `ERR_REQUIRE_ESM`.
 */
export function findExportsRequireCannotReach(packageDirectory: string): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.exports ?? {})
    .filter(
      ([, target]) =>
        typeof target !== 'string' && !requireConditions.some((condition) => condition in target),
    )
    .map(
      ([subpath]) => `exports["${subpath}"] has no default (or require) target, so require() cannot load it`,
    );
}
