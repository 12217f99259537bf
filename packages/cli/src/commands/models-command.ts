import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai models`: the configured providers and their models. */
export function createModelsCommand(context: CliContext): Command {
  return new Command('models')
    .description('List the configured providers and their models')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { runModels } = await import('./run-models.js');
      await runModels(context, options);
    });
}
