import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
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
    .description('Write every record of the store to a portable, compressed backup file')
    .requiredOption('-o, --out <file>', 'the backup file to write (gzip-compressed JSON lines)')
    .action(async (options: { out: string }) => (await load()).runBackup(context, options.out));

  const restore = new Command('restore')
    .description('Load a backup into the store (records already there are kept; safe to repeat)')
    .argument('<file>', 'a file written by exai backup')
    .action(async (file: string) => (await load()).runRestore(context, file));

  const database = new Command('db').description('Store maintenance');
  database
    .command('check')
    .description(
      'Look for edited or pending migrations, orphaned records, broken turn sequences and expired leftovers',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await load()).runDatabaseCheck(context, options));

  const gc = new Command('gc')
    .description('Delete expired threads and file records now')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await load()).runGarbageCollection(context, options));

  return [migrate, backup, restore, database, gc];
}

function parseVersion(value: string): number {
  return parseNumberFlag('--to', value, { min: 0, integer: true });
}
