/**
 * Packs every publishable package as `npm publish` would, installs the tarballs into an empty
 * folder with an empty npm cache (no workspace, nothing linked), and runs what a user runs:
 * `exai --version`, `exai serve` over stdio with the MCP SDK client, `import('@exai/core')` and
 * `require('@exai/core')`.
 * Slow (better-sqlite3 may compile from source): one file, generous timeouts. It always runs with
 * CI=true; locally EXAI_SKIP_PACK_TEST=1 skips it, loudly.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  findBrokenSourceMaps,
  findExportsRequireCannotReach,
  findShippedTestFiles,
  findUndeclaredImports,
} from './pack/check-packed-files.js';
import { extractTarball } from './pack/extract-tarball.js';
import { listPublishablePackages } from './pack/list-publishable-packages.js';
import { packPackages, type PackedPackage } from './pack/pack-packages.js';
import { cleanEnvironment, runCommand } from './pack/run-command.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const skip = process.env.EXAI_SKIP_PACK_TEST === '1' && process.env.CI !== 'true';
if (skip) {
  console.warn(
    '\n*** SKIPPING THE PACK-AND-INSTALL TEST (EXAI_SKIP_PACK_TEST=1): the published packages are NOT checked. ***\n',
  );
}

const installTimeoutInMs = 20 * 60_000;

describe.skipIf(skip)('the packed packages, installed from their tarballs alone', () => {
  let work: string;
  let app: string;
  let packed: PackedPackage[];
  let upstream: FakeUpstream;
  const exaiBin = () => join(app, 'node_modules', '.bin', 'exai');
  // exai keeps its data under the temp folder; HOME stays the real one for npm, whose node-gyp
  // keeps the Node.js headers it compiles better-sqlite3 against there.
  const env = (extra: Record<string, string> = {}) =>
    cleanEnvironment({ XDG_DATA_HOME: join(work, 'data'), ...extra });

  beforeAll(async () => {
    const packages = await listPublishablePackages({ root });
    for (const pkg of packages) {
      if (!existsSync(join(pkg.directory, 'dist'))) {
        throw new Error(`${pkg.name} is not built (no dist/): run \`npm run build\` first.`);
      }
    }
    work = mkdtempSync(join(tmpdir(), 'exai-pack-'));
    app = join(work, 'app');
    mkdirSync(app);
    packed = await packPackages({ root, packages, destination: join(work, 'packs') });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'exai-install-check', private: true, type: 'module' }),
    );
    const install = await runCommand(
      'npm',
      [
        'install',
        '--cache',
        join(work, 'npm-cache'),
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...packed.map((pkg) => pkg.tarball),
      ],
      { cwd: app, env: env(), timeoutInMs: installTimeoutInMs },
    );
    if (install.exitCode !== 0) {
      throw new Error(
        `npm install of the tarballs failed (${install.exitCode}):\n${install.stdout}\n${install.stderr}`,
      );
    }
    upstream = await createFakeUpstream();
  }, installTimeoutInMs + 120_000);

  afterAll(async () => {
    await upstream?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  }, 180_000);

  it('packs every publishable workspace package, the CLI as the unscoped exai', () => {
    const names = packed.map((pkg) => pkg.name);
    expect(names).toContain('exai');
    expect(names).toContain('@exai/core');
    expect(names.filter((name) => name !== 'exai').every((name) => name.startsWith('@exai/'))).toBe(true);
  });

  it('ships no tests, no broken source maps and no undeclared runtime dependency', async () => {
    const problems: string[] = [];
    for (const pkg of packed) {
      const directory = await extractTarball({
        tarball: pkg.tarball,
        destination: join(work, 'unpacked', pkg.name),
      });
      const report = (list: string[]) => problems.push(...list.map((problem) => `${pkg.name}: ${problem}`));
      report(findShippedTestFiles(pkg.files).map((file) => `ships the test file ${file}`));
      report(findBrokenSourceMaps(directory, pkg.files));
      report(findUndeclaredImports(directory, pkg.files));
      report(findExportsRequireCannotReach(directory));
      if (!pkg.files.includes('LICENSE')) report(['ships no LICENSE']);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('runs exai --version', async () => {
    const cliVersion = JSON.parse(
      readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8'),
    ).version;
    const result = await runCommand(exaiBin(), ['--version'], { cwd: app, env: env() });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(cliVersion);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('serves MCP over stdio: lists the tools and answers chat through the fake upstream, on SQLite', async () => {
    upstream.enqueue({ reply: { text: 'Answered from the installed package.' } });
    const transport = new StdioClientTransport({
      command: exaiBin(),
      args: ['serve'],
      cwd: app,
      env: env({
        KIMI_API_KEY: 'test',
        KIMI_BASE_URL: `${upstream.url}/v1`,
        EXAI_STORE: `sqlite:${join(work, 'exai.db')}`,
      }) as Record<string, string>,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'pack-install-check', version: '1.0.0' });
    try {
      await client.connect(transport).catch((error: unknown) => {
        throw new Error(`exai serve did not start: ${String(error)}\n${stderr}`);
      });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('chat');
      const result = await client.callTool({
        name: 'chat',
        arguments: { prompt: 'hello', model: 'kimi-k2' },
      });
      const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
      expect(result.isError, `${text}\n${stderr}`).toBeFalsy();
      expect(text).toContain('Answered from the installed package.');
      expect(upstream.requests.some((request) => request.path.endsWith('/v1/chat/completions'))).toBe(true);
    } finally {
      await client.close();
    }
    expect(existsSync(join(work, 'exai.db'))).toBe(true);
  }, 120_000);

  it('imports @exai/core and a provider from a plain .mjs file', async () => {
    writeFileSync(
      join(app, 'check.mjs'),
      [
        "import { createProviderRegistry } from '@exai/core';",
        "import { createKimi } from '@exai/providers/kimi';",
        "const registry = createProviderRegistry({ providers: [createKimi({ apiKey: 'test' })] });",
        'console.log(typeof registry.stream, typeof createKimi);',
      ].join('\n'),
    );
    const result = await runCommand(process.execPath, ['check.mjs'], { cwd: app, env: env() });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('function function');
  }, 60_000);

  it.runIf(process.features.require_module)(
    'requires @exai/core and a provider from a CommonJS file',
    async () => {
      writeFileSync(
        join(app, 'check.cjs'),
        [
          "const { createProviderRegistry } = require('@exai/core');",
          "const { createKimi } = require('@exai/providers/kimi');",
          "const registry = createProviderRegistry({ providers: [createKimi({ apiKey: 'test' })] });",
          'console.log(typeof registry.stream, typeof createKimi);',
        ].join('\n'),
      );
      const result = await runCommand(process.execPath, ['check.cjs'], { cwd: app, env: env() });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('function function');
    },
    60_000,
  );

  it('says in one line how to fix a SQLite native module that cannot load', async () => {
    const addon = join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(addon), 'better-sqlite3 was not built by npm install').toBe(true);
    renameSync(addon, `${addon}.moved`);
    try {
      const result = await runCommand(
        exaiBin(),
        ['migrate', 'up', '--store', `sqlite:${join(work, 'other.db')}`],
        { cwd: app, env: env() },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^exai: sqlite_unavailable: .*python3, make.*EXAI_STORE=memory.*\n$/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      renameSync(`${addon}.moved`, addon);
    }
  }, 60_000);
});
