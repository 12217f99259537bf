import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const backupName = /^exai-\d{8}T\d{6}\.\d{3}Z\.backup\.gz$/;
let directory: string;

async function exai(argv: string[]) {
  const run = await runCliCaptured({
    argv,
    env: { HOME: directory, XDG_DATA_HOME: join(directory, 'data'), NO_COLOR: '1' },
    cwd: directory,
  });
  // Colours follow the process (CI turns them on), whatever the env passed in says.
  return { ...run, stderr: stripVTControlCharacters(run.stderr) };
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-backup-dir-cli-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exai backup --out DIR and exai restore --latest DIR', () => {
  it('writes timestamped, verified backups into a directory and restores the newest', async () => {
    const source = `sqlite:${join(directory, 'source.db')}`;
    const backups = join(directory, 'backups'); // created on first use
    await exai(['--store', source, 'migrate', 'up']);

    const first = await exai(['--store', source, 'backup', '--out', `${backups}/`, '--keep', '2']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /wrote 2 records from sqlite:.* to .*exai-\d{8}T\d{6}\.\d{3}Z\.backup\.gz \(verified\)/,
    );
    const names = readdirSync(backups);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(backupName);

    // --keep 2 prunes the oldest; --latest passes over a newer file that does not verify.
    // (Renamed as if taken long ago, in the names to the second that earlier versions wrote.)
    renameSync(join(backups, names[0]!), join(backups, 'exai-20000102T000000Z.backup.gz'));
    writeFileSync(join(backups, 'exai-20000101T000000Z.backup.gz'), '');
    const second = await exai(['--store', source, 'backup', '--out', backups, '--keep', '2']);
    expect(second.stdout).toContain('(verified; deleted 1 older)');
    expect(readdirSync(backups)).not.toContain('exai-20000101T000000Z.backup.gz');
    expect(readdirSync(backups)).toHaveLength(2);
    writeFileSync(join(backups, 'exai-20991231T235959Z.backup.gz'), 'damaged');

    const target = `sqlite:${join(directory, 'target.db')}`;
    const restored = await exai(['--store', target, 'restore', '--latest', backups]);
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain('skipping');
    expect(restored.stderr).toContain('exai-20991231T235959Z.backup.gz, it does not verify');
    expect(restored.stdout).toMatch(
      /restored 1 records into sqlite:.*target\.db \(1 already present; backup .*exai-\d{8}T\d{6}\.\d{3}Z\.backup\.gz taken /,
    );
  });

  it('two backups started at the same moment both stay, and --keep keeps the later', async () => {
    const source = `sqlite:${join(directory, 'same-moment.db')}`;
    const backups = join(directory, 'same-moment');
    await exai(['--store', source, 'migrate', 'up']);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T03:15:09.731Z') });
    try {
      const first = await exai(['--store', source, 'backup', '--out', `${backups}/`, '--keep', '2']);
      const second = await exai(['--store', source, 'backup', '--out', `${backups}/`, '--keep', '2']);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(readdirSync(backups).sort()).toEqual([
        'exai-20261207T031509.731Z.backup.gz',
        'exai-20261207T031509.732Z.backup.gz',
      ]);
      const third = await exai(['--store', source, 'backup', '--out', backups, '--keep', '2']);
      expect(third.stdout).toContain('exai-20261207T031509.733Z.backup.gz (verified; deleted 1 older)');
      expect(readdirSync(backups).sort()).toEqual([
        'exai-20261207T031509.732Z.backup.gz',
        'exai-20261207T031509.733Z.backup.gz',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('explains a bad interval, a directory it cannot write, an empty directory and a wrong call', async () => {
    const store = ['--store', 'memory'];
    for (const every of ['15', '0s', '500ms', 'soon', '-1m']) {
      const result = await exai([...store, 'backup', '--out', directory, '--every', every]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `exai: invalid_argument: --every expects an interval of at least 1s such as 30s, 15m, 1h, 1d or 1h30m, got "${every}"`,
      );
    }
    const keep = await exai([...store, 'backup', '--out', directory, '--keep', '0']);
    expect(keep.code).toBe(2);
    expect(keep.stderr).toContain('--keep expects a whole number ≥ 1, got "0"');

    const file = join(directory, 'a-file');
    writeFileSync(file, '');
    const unwritable = await exai([...store, 'backup', '--out', join(file, 'backups'), '--every', '15m']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(
      `exai: invalid_argument: cannot use ${join(file, 'backups')} for backups: it (or a parent) is a file, not a directory`,
    );

    const empty = join(directory, 'empty');
    mkdirSync(empty);
    const nothing = await exai([...store, 'restore', '--latest', empty]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain(`exai: backup_not_found: no backup in ${empty}`);

    for (const argv of [['restore'], ['restore', file, '--latest', empty]]) {
      const wrong = await exai([...store, ...argv]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('takes a backup file or --latest <directory>, not both or neither');
    }
    expect(existsSync(join(directory, 'data'))).toBe(false);
  });

  it('repeats every interval until SIGTERM, finishes the backup under way and exits 0', async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
    const backups = join(directory, 'scheduled');
    // A backup never creates the store it copies.
    await exai(['--store', `sqlite:${join(directory, 'scheduled.db')}`, 'migrate', 'up']);
    const child = spawn(
      process.execPath,
      [
        bin,
        '--store',
        `sqlite:${join(directory, 'scheduled.db')}`,
        'backup',
        '--out',
        backups,
        '--every',
        '1s',
        '--keep',
        '2',
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: directory, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait for the third backup: by then --keep 2 has pruned the first.
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').filter(Boolean).length >= 3) resolve();
      }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('every 1s, keeping 2');
    expect(stderr).toContain('stopped backing up (0 failed runs)');
    expect(stdout).toContain('deleted 1 older');
    const names = readdirSync(backups);
    expect(names.length).toBeLessThanOrEqual(2);
    expect(names.every((name) => backupName.test(name))).toBe(true);
  });
});
