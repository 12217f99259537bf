import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { guardStandardOutput } from './runtime/guard-standard-output.js';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());

/** Runs the built binary with its stdout on the file descriptor `stdout`. */
function exai(args: string[], stdout: number) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: '/nonexistent',
        NO_COLOR: '1',
        KIMI_API_KEY: 'test-key',
        KIMI_BASE_URL: `${upstream.url}/v1`,
      },
      stdio: ['ignore', stdout, 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.runIf(existsSync('/dev/full'))('exai writing to a stdout that fails', () => {
  it('says so in one line with exit code 1 when the disk is full, for answers and for help alike', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['chat', '-m', 'kimi-k2', 'Say hello.'], ['models'], ['--help']]) {
        const { code, stderr } = await exai(args, full);
        expect(code, args.join(' ')).toBe(1);
        // `chat` prints its usage line to stderr before the answer; then the one error line.
        expect(stderr.split('\n').at(-2)).toBe(
          'exai: output_failed: cannot write the output (ENOSPC: no space left on device); ' +
            'free space on its disk, or send the output somewhere else.',
        );
        expect(stderr).not.toMatch(/\n\s+at |node:events/);
      }
    } finally {
      closeSync(full);
    }
  });
});

describe('guardStandardOutput', () => {
  it('exits quietly with the exit code so far when the reader went away (EPIPE)', () => {
    const stdout = new EventEmitter();
    const written: string[] = [];
    const exits: number[] = [];
    guardStandardOutput(
      stdout as NodeJS.WriteStream,
      { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
      (code) => exits.push(code),
    );
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(written).toEqual([]);

    stdout.emit('error', Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
    expect(exits).toEqual([0, 1]);
    expect(written).toEqual([
      'exai: output_failed: cannot write the output (EIO: i/o error); free space on its disk, or send the output somewhere else.\n',
    ]);
  });
});
