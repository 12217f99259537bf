import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { parseNumberFlag } from './parse-number.js';
import { addTenantOption, tenantOf } from './tenant-option.js';

/** `exai threads`: the conversations kept in the session store named by `--store` / `EXAI_STORE`. */
export function createThreadsCommand(context: CliContext): Command {
  const load = () => import('./run-threads.js');
  const threads = new Command('threads').description(
    'List, show and delete the conversations (continuation ids) kept in the store',
  );
  threads
    .command('list')
    .description('List threads, most recently updated first')
    .option('--limit <n>', 'show at most this many threads', '20')
    .option('--search <text>', 'only threads whose title or any message contains this text (any case)')
    .option('--all', 'include internal threads (stored pages of long tool results)')
    .option('--json', 'print JSON')
    .action(
      async (options: { limit: string; search?: string; all?: boolean; json?: boolean; tenant?: string }) =>
        (await load()).runThreadsList(context, {
          tenant: tenantOf(options),
          limit: parseNumberFlag('--limit', options.limit, { min: 1, max: 10_000, integer: true }),
          ...(options.search !== undefined && { search: options.search }),
          all: options.all === true,
          json: options.json === true,
        }),
    );
  threads
    .command('show')
    .description('Print a thread and its messages, oldest first')
    .argument('<id>', 'the thread id (a continuation_id)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean; tenant?: string }) =>
      (await load()).runThreadsShow(context, id, { tenant: tenantOf(options), json: options.json === true }),
    );
  threads
    .command('rm')
    .description('Delete threads with their messages (asks first unless --yes)')
    .argument('<id...>', 'thread ids')
    .option('--yes', 'delete without asking')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { yes?: boolean; json?: boolean; tenant?: string }) =>
      (await load()).runThreadsRemove(context, ids, {
        tenant: tenantOf(options),
        yes: options.yes === true,
        json: options.json === true,
      }),
    );
  for (const command of threads.commands) addTenantOption(command);
  return threads;
}
