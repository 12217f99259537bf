import { PassThrough } from 'node:stream';
import { ContextWindowExceededError, NoSuchModelError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { createCliColors } from './cli-colors.js';
import { CliUsageError } from './cli-error.js';
import { printError } from './print-error.js';

const ESC = '\u001b[';

async function run(argv: string[], env: Record<string, string> = {}, stderrIsTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: { HOME: '/nonexistent', ...env },
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: stderrIsTTY },
  });
  return { code, stdout, stderr };
}

describe('printError', () => {
  it('prints an unexpected error as one line with where to report it, no stack', async () => {
    let text = '';
    const code = await printError(new TypeError('boom\nsecond line'), { write: (t) => (text += t) });
    expect(code).toBe(1);
    expect(text).toMatch(
      /^exai: unexpected_error: TypeError: boom\nThis is a bug in exai\. Please report it at https:/,
    );
    expect(text).toContain('EXAI_DEBUG=1');
    expect(text).not.toContain('    at ');
  });

  it('prints the text an error quotes (an upstream body, a stored id) escaped, keeping its own colour', async () => {
    let text = '';
    const code = await printError(
      new NoSuchModelError({ modelId: 'kimi\u001b]0;owned\u0007\u202e', suggestions: [] }),
      { write: (t) => (text += t), colors: createCliColors({ env: { FORCE_COLOR: '1' }, stream: {} }) },
    );
    expect(code).toBe(2);
    expect(text).toContain('Unknown model "kimi\\u001b]0;owned\\u0007\\u202e"');
    expect(text.startsWith(`${ESC}31mexai: no_such_model:${ESC}39m `)).toBe(true);
    let unexpected = '';
    await printError(new Error('bad \u001b[2J'), { write: (t) => (unexpected += t) });
    expect(unexpected).toMatch(/^exai: unexpected_error: Error: bad \\u001b\[2J\n/);
  });

  it('tells a CLI user to run exai models for an unknown model, as a usage error', async () => {
    let text = '';
    const code = await printError(
      new NoSuchModelError({ modelId: 'kimi-k3', suggestions: ['kimi:kimi-k2'] }),
      {
        write: (t) => (text += t),
      },
    );
    expect(code).toBe(2);
    expect(text).toBe(
      'exai: no_such_model: Unknown model "kimi-k3". Did you mean "kimi:kimi-k2"? Use a model a configured ' +
        'provider lists, or write it as provider:model. Run `exai models` to list the models you can use.\n',
    );
    expect(text.match(/exai models/g)).toHaveLength(1);
  });

  it('adds the stack trace with EXAI_DEBUG=1', async () => {
    let text = '';
    await printError(new Error('boom'), { write: (t) => (text += t), env: { EXAI_DEBUG: '1' } });
    expect(text).toContain('    at ');
  });

  it('exits 2 for a prompt too large for the model: the call itself was wrong', async () => {
    let text = '';
    const error = new ContextWindowExceededError({
      spec: 'kimi:kimi-k2-0905-preview',
      contextWindowInTokens: 262_144,
      answerRoomInTokens: 32_768,
      estimatedInTokens: 750_000,
    });
    expect(await printError(error, { write: (t) => (text += t) })).toBe(2);
    expect(text).toMatch(/^exai: context_window_exceeded: /);
  });

  it('prints a usage error with its code', async () => {
    let text = '';
    expect(await printError(new CliUsageError('bad'), { write: (t) => (text += t) })).toBe(2);
    expect(text).toBe('exai: invalid_argument: bad\n');
  });
});

describe('error lines from the command line', () => {
  it('gives commander errors the exai: invalid_argument: form, exit 2', async () => {
    const result = await run(['models', '--nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^exai: invalid_argument: unknown option '--nope'/);
    const unknown = await run(['nope']);
    expect(unknown.stderr).toMatch(/^exai: invalid_argument: unknown command 'nope'/);
  });

  it('decides colour from the CLI environment and stderr, not the process', async () => {
    expect((await run(['models', '--nope'], { CI: 'true' })).stderr).not.toContain(ESC);
    expect((await run(['models', '--nope'], { FORCE_COLOR: '1' })).stderr).toContain(ESC);
    expect((await run(['models', '--nope'], {}, true)).stderr).toContain(ESC);
    expect((await run(['models', '--nope'], { NO_COLOR: '1' }, true)).stderr).not.toContain(ESC);
  });
});

describe('createCliColors', () => {
  it('ignores CI and follows the stream', () => {
    expect(createCliColors({ env: { CI: 'true' }, stream: {} }).isColorSupported).toBe(false);
    expect(createCliColors({ env: { TERM: 'dumb' }, stream: { isTTY: true } }).isColorSupported).toBe(false);
    expect(createCliColors({ env: { FORCE_COLOR: '0' }, stream: { isTTY: true } }).isColorSupported).toBe(
      false,
    );
  });
});
