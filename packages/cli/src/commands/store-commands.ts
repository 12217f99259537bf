import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { CliUsageError } from '../output/cli-error.js';
import { parseInterval } from './parse-interval.js';
import { parseNumberFlag } from './parse-number.js';

/** Commands that work on the session store named by `--store` / `EXAI_STORE`. */
export function createStoreCommands(context: CliContext): Command[] {
  const load = () => import('./run-store-commands.js');

  const migrate = new Command('migrate').description('Apply, revert or list schema migrations of the store');
  migrate
    .command('up')
    .description('Apply pending migrations (all, or up to --to)')
    .option('--to <version>', 'stop after this version')
    .action(async (options: { to?: string }) =>
      (await load()).runMigrate(
        context,
        'up',
        options.to === undefined ? undefined : parseVersion(options.to),
      ),
    );
  migrate
    .command('down')
    .description('Revert the latest migration (or every migration above --to; --to 0 reverts all)')
    .option('--to <version>', 'revert down to this version')
    .option('--yes', 'revert even version 1, which deletes every table and all data in them')
    .action(async (options: { to?: string; yes?: boolean }) =>
      (await load()).runMigrate(
        context,
        'down',
        options.to === undefined ? undefined : parseVersion(options.to),
        { yes: options.yes === true },
      ),
    );
  migrate
    .command('status')
    .description('List migrations: applied, pending, or changed since applied')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await load()).runMigrateStatus(context, options));

  const backup = new Command('backup')
    .description(
      'Write every record of the store to a portable, compressed backup file, or timestamped backups into a directory',
    )
    .requiredOption(
      '-o, --out <path>',
      'the backup file to write (gzip-compressed JSON lines), or a directory for timestamped, verified backups',
    )
    .option(
      '--every <interval>',
      'repeat every interval (30s, 15m, 1h, 1d) until SIGTERM or Ctrl-C; --out is a directory',
    )
    .option('--keep <n>', 'keep the newest N backups in the directory, deleting older ones')
    .option(
      '-f, --force',
      'replace the --out file, or the file a symbolic link there points to (without it, an existing file is refused)',
    )
    .action(async (options: { out: string; every?: string; keep?: string; force?: boolean }) =>
      (await load()).runBackup(context, {
        out: options.out,
        force: options.force === true,
        ...(options.every !== undefined && { intervalInMs: parseInterval('--every', options.every) }),
        ...(options.keep !== undefined && {
          keep: parseNumberFlag('--keep', options.keep, { min: 1, integer: true }),
        }),
      }),
    );

  const restore = new Command('restore')
    .description('Load a backup into the store (records already there are kept; safe to repeat)')
    .argument('[file]', 'a file written by exai backup')
    .option('--latest <directory>', 'restore the newest backup in a directory that verifies')
    .action(async (file: string | undefined, options: { latest?: string }) => {
      if ((file === undefined) === (options.latest === undefined)) {
        throw new CliUsageError(
          'exai restore takes a backup file or --latest <directory>, not both or neither.',
        );
      }
      return (await load()).runRestore(context, file === undefined ? { latest: options.latest! } : { file });
    });

  const database = new Command('db').description('Store maintenance');
  database
    .command('check')
    .description(
      'Look for edited or pending migrations, orphaned records, broken turn sequences and expired leftovers',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await load()).runDatabaseCheck(context, options));

  const gc = new Command('gc')
    .description(
      'Delete expired threads and file records, provider uploads no thread uses, and records past their retention, now',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await load()).runGarbageCollection(context, options));

  return [migrate, backup, restore, database, gc];
}

function parseVersion(value: string): number {
  return parseNumberFlag('--to', value, { min: 0, integer: true });
}
