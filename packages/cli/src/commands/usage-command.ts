import { Command } from 'commander';
import { CliUsageError } from '../output/cli-error.js';
import type { CliContext } from './cli-context.js';
import { parseInterval } from './parse-interval.js';
import { usageGroupings, type UsageGrouping } from './usage-report.js';

/** `exai usage`: calls, tokens and cost from the store's usage records, as a table or JSON. */
export function createUsageCommand(context: CliContext): Command {
  return new Command('usage')
    .description('Calls, tokens and cost from the usage records of the store, by model, tenant, tool or day')
    .option('--by <grouping>', `group by ${usageGroupings.join(', ')}`, 'model')
    .option('--since <interval>', 'only the last interval, e.g. 24h, 7d (default: everything)')
    .option('--tenant <id>', 'one tenant (default: every tenant)')
    .option('--json', 'print JSON')
    .action(async (options: { by: string; since?: string; tenant?: string; json?: boolean }) => {
      if (!(usageGroupings as readonly string[]).includes(options.by))
        throw new CliUsageError(`--by expects one of ${usageGroupings.join(', ')}, got "${options.by}"`);
      const from =
        options.since === undefined
          ? undefined
          : new Date(Date.now() - parseInterval('--since', options.since));
      const { runUsage } = await import('./run-usage.js');
      await runUsage(context, {
        by: options.by as UsageGrouping,
        from,
        tenant: options.tenant,
        json: options.json === true,
      });
    });
}
