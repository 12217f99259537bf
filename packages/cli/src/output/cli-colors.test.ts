import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { createCliColors } from './cli-colors.js';

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[/;
let upstream: FakeUpstream;
let directory: string;

/** Runs exai in-process with streams that are not terminals and the given colour variables. */
async function exai(argv: string[], colorEnv: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      EXAI_STORE: 'memory',
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
      ...colorEnv,
    },
    cwd: directory,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  upstream = await createFakeUpstream();
  directory = mkdtempSync(join(tmpdir(), 'exai-colors-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('CLI colours follow the command context, not the process', () => {
  it.each([
    ['doctor', ['doctor'], 'stdout'],
    ['chat', ['chat', '-m', 'kimi-k2', 'hi'], 'stderr'],
    ['an error', ['chat', '-m', 'kimi-k3', 'hi'], 'stderr'],
  ] as const)('%s: FORCE_COLOR colours, NO_COLOR and a non-terminal do not', async (_name, argv, stream) => {
    const forced = await exai([...argv], { FORCE_COLOR: '1' });
    expect(forced[stream]).toMatch(ansi);
    const off = await exai([...argv], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(off[stream]).not.toMatch(ansi);
    const plain = await exai([...argv], {});
    expect(plain.stdout + plain.stderr).not.toMatch(ansi);
  });

  it('decides per stream from NO_COLOR, FORCE_COLOR, TERM and isTTY', () => {
    const red = (env: Record<string, string>, isTTY: boolean) =>
      createCliColors({ env, stream: { isTTY } }).red('x') !== 'x';
    expect(red({}, true)).toBe(true);
    expect(red({}, false)).toBe(false);
    expect(red({ TERM: 'dumb' }, true)).toBe(false);
    expect(red({ NO_COLOR: '1' }, true)).toBe(false);
    expect(red({ NO_COLOR: '' }, true)).toBe(true);
    expect(red({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(red({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(red({ CI: 'true' }, false)).toBe(false);
  });
});
