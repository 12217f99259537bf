import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

// `open` is wrapped so one test can fill the disk under the backup file (and nothing else).
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, open: vi.fn(actual.open) };
});
const actualOpen = (await vi.importActual<typeof fs>('node:fs/promises')).open;
const open = vi.mocked(fs.open);

let directory: string;
let store: string;

function exai(argv: string[]) {
  return runCliCaptured({
    argv: ['--store', store, ...argv],
    env: { HOME: directory, XDG_DATA_HOME: join(directory, 'data'), NO_COLOR: '1' },
    cwd: directory,
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-backup-file-cli-'));
  store = `sqlite:${join(directory, 'store.db')}`;
  await exai(['migrate', 'up']);
});
afterEach(() => open.mockImplementation(actualOpen));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exai backup --out FILE', () => {
  it('--force through a symbolic link replaces the file it points to and keeps the link', async () => {
    const folder = join(directory, 'linked');
    mkdirSync(folder);
    const target = join(folder, 'real.backup.gz');
    writeFileSync(target, 'the old backup');
    const link = join(folder, 'latest.backup.gz');
    symlinkSync(target, link);

    const refused = await exai(['backup', '--out', link]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${link} already exists; pass --force to replace it`);

    const forced = await exai(['backup', '--out', link, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(
      new RegExp(`^wrote 2 records from sqlite:.* to ${target} \\(through the symbolic link ${link}\\)\\n$`),
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(readdirSync(folder).sort()).toEqual(['latest.backup.gz', 'real.backup.gz']);

    const restored = await exai(['restore', link]);
    expect(restored.code).toBe(0);
  });

  it('refuses a FIFO with or without --force, saying what it is, and writes nothing', async () => {
    const folder = join(directory, 'fifo');
    mkdirSync(folder);
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const flags of [[], ['--force']]) {
      const result = await exai(['backup', '--out', fifo, ...flags]);
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `exai: invalid_argument: cannot write the backup to ${fifo}: it is a FIFO (named pipe), not a regular file, and a backup would replace it; name a new file or an existing backup instead\n`,
      );
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(folder)).toEqual(['pipe']);
  });

  it('a full disk is a failure while running (exit code 1), not a wrong argument, and leaves the old file', async () => {
    const folder = join(directory, 'full');
    mkdirSync(folder);
    const file = join(folder, 'exai.backup.gz');
    writeFileSync(file, 'the previous backup');
    open.mockImplementation(async (...args: Parameters<typeof actualOpen>) => {
      const handle = await actualOpen(...args);
      if (!String(args[0]).endsWith('.partial')) return handle;
      const full = () =>
        Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            syscall: 'write',
          }),
        );
      return Object.assign(handle, { write: full, writev: full });
    });

    const result = await exai(['backup', '--out', file, '--force']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `exai: backup_write_failed: cannot write the backup to ${file}: the disk is full (ENOSPC); free some space on it, or choose another --out (the unfinished copy was deleted)\n`,
    );
    expect(readdirSync(folder)).toEqual(['exai.backup.gz']);
    expect(readFileSync(file, 'utf8')).toBe('the previous backup');
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s while it writes stops it, deletes the unfinished copy and keeps the old file',
    async (signal, code) => {
      const folder = join(directory, `interrupted-${signal}`);
      mkdirSync(folder);
      const file = join(folder, 'exai.backup.gz');
      writeFileSync(file, 'the previous backup');
      open.mockImplementation(async (...args: Parameters<typeof actualOpen>) => {
        const handle = await actualOpen(...args);
        // The signal arrives once the unfinished copy exists, before its first record.
        if (String(args[0]).endsWith('.partial')) process.emit(signal, signal);
        return handle;
      });

      const result = await exai(['backup', '--out', file, '--force']);

      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(readdirSync(folder)).toEqual(['exai.backup.gz']);
      expect(readFileSync(file, 'utf8')).toBe('the previous backup');
      expect(process.listenerCount(signal)).toBe(0);
    },
  );
});
