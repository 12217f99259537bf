import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

describe('exai --help', () => {
  it('lists every command, dev included', async () => {
    let stdout = '';
    const code = await runCli({
      argv: ['--help'],
      env: { NO_COLOR: '1' },
      stdin: new PassThrough(),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}([a-z-]+)\b/gm)].map((match) => match[1]);
    for (const command of [
      'chat',
      'models',
      'serve',
      'connect',
      'threads',
      'tools',
      'doctor',
      'dev',
      'gc',
      'backup',
    ]) {
      expect(listed, command).toContain(command);
    }
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      'gc [options] Delete expired threads and file records, provider uploads no thread uses, and records past their retention, now',
    );
  });
});
