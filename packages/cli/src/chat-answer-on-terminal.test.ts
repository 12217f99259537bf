import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let upstream: FakeUpstream;
let directory: string;

/** Runs `exai chat` in-process, its stdout and stderr terminals or not. */
async function chat(isTTY: boolean) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv: ['chat', '-m', 'kimi-k2', 'hi'],
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
      NO_COLOR: '1',
    },
    cwd: directory,
    stdout: { write: (text: string) => (stdout += text), isTTY },
    stderr: { write: (text: string) => (stderr += text), isTTY },
  });
  return { code, stdout, stderr };
}

// Split into pieces of three characters: the CRLF arrives as `\r` at the end of one and `\n` at the
// start of the next.
const answer = 'ab\r\ncd\tef\u001b]52;c;cGF5bG9hZA==\u0007 \u001b[2J\u202eok\rX';
const reasoning = 'think\u001b[1A\u001b[2K';

beforeAll(async () => {
  upstream = await createFakeUpstream();
  directory = mkdtempSync(join(tmpdir(), 'exai-chat-tty-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});
beforeEach(() => {
  upstream.reset();
  upstream.enqueue({ reply: { text: answer, reasoning, chunks: Math.ceil(answer.length / 3) } });
});

describe('exai chat prints a model’s text', () => {
  it('on a terminal, with escape sequences and other control characters escaped, line breaks and tabs kept', async () => {
    const result = await chat(true);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ab\r\ncd\tef\\u001b]52;c;cGF5bG9hZA==\\u0007 \\u001b[2J\\u202eok\\rX\n');
    expect(result.stderr).toContain('think\\u001b[1A\\u001b[2K\n');
  });

  it('piped or redirected, exactly as the model sent it', async () => {
    const result = await chat(false);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${answer}\n`);
    expect(result.stderr).toContain(`${reasoning}\n`);
  });
});
