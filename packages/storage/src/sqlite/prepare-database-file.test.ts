import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { StoreUnavailableError } from '@exai/core';
import { afterAll, describe, expect, it } from 'vitest';

import { prepareDatabaseFile } from './prepare-database-file.js';

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-sqlite-file-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

const errorOf = (filename: string) => {
  try {
    prepareDatabaseFile(filename);
  } catch (error) {
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${filename} was prepared`);
};

describe('prepareDatabaseFile', () => {
  it('creates the missing directories owner-only and the file owner-only', () => {
    const filename = join(tmpDir, 'a', 'b', 'exai.db');
    prepareDatabaseFile(filename);
    expect(statSync(join(tmpDir, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmpDir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(filename).mode & 0o777).toBe(0o600);
  });

  it('names a file that stands where a directory should be, at any depth', () => {
    const file = join(tmpDir, 'a-file');
    writeFileSync(file, 'kept');
    for (const filename of [join(file, 'exai.db'), join(file, 'x', 'y', 'exai.db')]) {
      expect(errorOf(filename)).toBe(
        `Cannot open the SQLite database ${filename}: ${file} is a file, not a directory; ` +
          'point --store or EXAI_STORE at a file in a writable directory, e.g. sqlite:~/exai.db.',
      );
    }
  });

  it('names a directory given as the database, with a file inside it to use instead', () => {
    const directory = join(tmpDir, 'a-directory');
    mkdirSync(directory);
    expect(errorOf(directory)).toBe(
      `Cannot open the SQLite database ${directory}: it is a directory, not a database file; ` +
        `name a file inside it, e.g. sqlite:${directory}/exai.db.`,
    );
  });

  it.runIf(process.platform === 'linux')(
    'returns with a clear error where no directory can be made (/proc)',
    () => {
      expect(errorOf('/proc/exai-no-such-directory/exai.db')).toMatch(
        /^Cannot open the SQLite database \/proc\/exai-no-such-directory\/exai.db: cannot create \/proc\/exai-no-such-directory \(ENOENT\); point --store/,
      );
    },
  );
});
