import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

// Loaded with `node --require` before the CLI: better-sqlite3 behaves as on a machine where its
// native module was never built.
const preload = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'better-sqlite3') {
    throw new Error('Could not locate the bindings file. Tried:\\n → /x/build/better_sqlite3.node');
  }
  return load.call(this, request, ...rest);
};
`;

let directory: string;

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  directory = mkdtempSync(join(tmpdir(), 'exai-no-sqlite-'));
  writeFileSync(join(directory, 'no-sqlite.cjs'), preload);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function exaiWithoutSqlite(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--require', join(directory, 'no-sqlite.cjs'), bin, ...args], {
    cwd: directory,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: directory,
      XDG_DATA_HOME: join(directory, 'data'),
      NO_COLOR: '1',
      ...env,
    },
    encoding: 'utf8',
    input: '',
  });
}

describe('a machine where better-sqlite3 cannot load', () => {
  it('exai serve fails with one line naming the fix', () => {
    const result = exaiWithoutSqlite(['serve']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^exai: sqlite_unavailable: The SQLite store cannot load better-sqlite3's native module/,
    );
    expect(lines[0]).toContain('never built');
    expect(lines[0]).toContain('python3, make and a C++ compiler');
    expect(lines[0]).toContain('EXAI_STORE=memory');
  });

  it('exai migrate up says the same', () => {
    const result = exaiWithoutSqlite(['migrate', 'up', '--store', `sqlite:${join(directory, 'x.db')}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^exai: sqlite_unavailable: [^\n]*\n$/);
  });

  it('other stores still work', () => {
    const result = exaiWithoutSqlite(['threads', 'list', '--store', 'memory']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
