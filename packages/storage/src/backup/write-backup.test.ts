import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createMemorySessionStore, InvalidArgumentError, type SessionStoreV1 } from '@exai/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { populateStore } from '../test-support/populate-store.js';
import { BackupWriteError } from './backup-write-error.js';
import { verifyBackup } from './verify-backup.js';
import { writeBackup } from './write-backup.js';

// `open` is wrapped so a test can make the backup file fail the way a full or broken disk does.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, open: vi.fn(actual.open) };
});
const actualOpen = (await vi.importActual<typeof fs>('node:fs/promises')).open;
const open = vi.mocked(fs.open);

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-write-backup-'));
});
afterEach(() => {
  open.mockReset();
  open.mockImplementation(actualOpen);
  rmSync(directory, { recursive: true, force: true });
});

async function filledStore(): Promise<SessionStoreV1> {
  const store = createMemorySessionStore();
  await populateStore(store, { threads: 2, turnsPerThread: 3 });
  return store;
}

function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall, errno: -1 });
}

/** The backup file opens, then fails `syscall` with `code` (the data written before stays on disk). */
function failBackupFile(code: string, syscall: 'write' | 'fsync' | 'open'): void {
  open.mockImplementation(async (...args: Parameters<typeof actualOpen>) => {
    if (!String(args[0]).endsWith('.partial')) return actualOpen(...args);
    if (syscall === 'open') throw systemError(code, 'open');
    const handle = await actualOpen(...args);
    if (syscall === 'fsync') {
      handle.sync = () => Promise.reject(systemError(code, 'fsync'));
      return handle;
    }
    const write = handle.write.bind(handle) as (...rest: unknown[]) => Promise<unknown>;
    let calls = 0;
    const failing = async (...rest: unknown[]) => {
      calls += 1;
      if (calls === 1) await write(...rest); // some bytes land before the disk fills up
      throw systemError(code, 'write');
    };
    Object.assign(handle, { write: failing, writev: failing });
    return handle;
  });
}

describe('writeBackup follows a symbolic link and refuses what is not a file', () => {
  it('writes through a link to an existing backup: the target is replaced, the link stays', async () => {
    const elsewhere = join(directory, 'elsewhere');
    mkdirSync(elsewhere);
    const target = join(elsewhere, 'real.backup.gz');
    writeFileSync(target, 'the old backup');
    const link = join(directory, 'latest.backup.gz');
    symlinkSync(target, link);

    const written = await writeBackup({ store: await filledStore(), path: link });

    expect(written.path).toBe(target);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect((await verifyBackup(link)).records).toBe(written.records);
    // The temporary file was made beside the target, so the rename never crossed file systems.
    const temporary = String(open.mock.calls.find(([path]) => String(path).endsWith('.partial'))?.[0]);
    expect(dirname(temporary)).toBe(elsewhere);
    expect(readdirSync(elsewhere)).toEqual(['real.backup.gz']);
    expect(readdirSync(directory).sort()).toEqual(['elsewhere', 'latest.backup.gz']);
  });

  it('refuses a FIFO, directly or through a link, and leaves it as it was', async () => {
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const link = join(directory, 'to-pipe');
    symlinkSync(fifo, link);

    const direct = await writeBackup({ store: await filledStore(), path: fifo }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(direct)).toBe(true);
    expect((direct as Error).message).toBe(
      `cannot write the backup to ${fifo}: it is a FIFO (named pipe), not a regular file, and a backup would replace it; name a new file or an existing backup instead`,
    );
    const linked = await writeBackup({ store: await filledStore(), path: link }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(linked)).toBe(true);
    expect((linked as Error).message).toContain(
      `${link}: it is a symbolic link to ${fifo}, a FIFO (named pipe), not a regular file`,
    );

    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(directory).sort()).toEqual(['pipe', 'to-pipe']);
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses a link to a device, told apart by what stat says', async () => {
    // No real device is touched: the link points at a FIFO, and stat reports a character device.
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const link = join(directory, 'full');
    symlinkSync(fifo, link);
    const actualStat = fs.stat;
    const stat = vi.spyOn(fs, 'stat').mockImplementation(async (...args: Parameters<typeof actualStat>) => {
      const stats = await actualStat(...args);
      return Object.assign(stats, { isFIFO: () => false, isCharacterDevice: () => true });
    });
    try {
      const error = await writeBackup({ store: await filledStore(), path: link }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(
        `it is a symbolic link to ${fifo}, a character device, not a regular file`,
      );
    } finally {
      stat.mockRestore();
    }
    expect(readdirSync(directory).sort()).toEqual(['full', 'pipe']);
  });

  it('refuses a link that points nowhere instead of replacing it', async () => {
    const link = join(directory, 'dangling');
    symlinkSync(join(directory, 'missing', 'x.gz'), link);
    const error = await writeBackup({ store: await filledStore(), path: link }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot write the backup to ${link}: it is a symbolic link to ${join(directory, 'missing', 'x.gz')}, which does not exist; name the file itself instead`,
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(directory)).toEqual(['dangling']);
  });
});

describe('writeBackup on a failing disk', () => {
  it.each([
    ['ENOSPC', 'write', 'the disk is full (ENOSPC); free some space on it, or choose another --out'],
    ['EDQUOT', 'write', 'the disk quota is used up (EDQUOT)'],
    ['EIO', 'fsync', 'the device reported an I/O error (EIO)'],
    ['EROFS', 'write', 'the file system is read-only (EROFS)'],
  ] as const)(
    '%s at %s is a backup_write_failed, and the old file and nothing else is left',
    async (code, syscall, reason) => {
      const path = join(directory, 'exai.backup.gz');
      writeFileSync(path, 'the previous backup');
      failBackupFile(code, syscall);

      const error = await writeBackup({ store: await filledStore(), path }).catch((e: unknown) => e);

      expect(BackupWriteError.isInstance(error)).toBe(true);
      expect(InvalidArgumentError.isInstance(error)).toBe(false);
      expect((error as BackupWriteError).code).toBe('backup_write_failed');
      expect((error as BackupWriteError).path).toBe(path);
      expect((error as Error).message).toContain(`cannot write the backup to ${path}: ${reason}`);
      expect((error as Error).message).toMatch(/\(the unfinished copy was deleted\)$/);
      expect(readdirSync(directory)).toEqual(['exai.backup.gz']);
      expect(readFileSync(path, 'utf8')).toBe('the previous backup');
    },
  );

  it('a full disk when the file is created is a backup_write_failed too', async () => {
    failBackupFile('ENOSPC', 'open');
    const path = join(directory, 'exai.backup.gz');
    const error = await writeBackup({ store: await filledStore(), path }).catch((e: unknown) => e);
    expect(BackupWriteError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot write the backup to ${path}: the disk is full (ENOSPC); free some space on it, or choose another --out`,
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('no permission on the path the caller named stays an invalid_argument', async () => {
    failBackupFile('EACCES', 'open');
    const path = join(directory, 'exai.backup.gz');
    const error = await writeBackup({ store: await filledStore(), path }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot write the backup to ${path}: permission denied; pick a path you can write, or change the permissions of ${directory}`,
    );
  });
});

describe('writeBackup stopped by its abort signal', () => {
  it('deletes the unfinished copy, leaves the old file as it was, and rejects with the reason', async () => {
    const path = join(directory, 'exai.backup.gz');
    writeFileSync(path, 'the previous backup');
    const store = await filledStore();
    const controller = new AbortController();
    // Stopped part way, the way Ctrl-C arrives while records are being written.
    const exportRecords = store.exportRecords.bind(store);
    store.exportRecords = async function* () {
      for await (const record of exportRecords()) {
        yield record;
        controller.abort(new Error('interrupted'));
      }
    };
    const error = await writeBackup({ store, path, abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('interrupted');
    expect(readdirSync(directory)).toEqual(['exai.backup.gz']);
    expect(readFileSync(path, 'utf8')).toBe('the previous backup');
  });
});
