import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai tools`: the MCP tools `exai serve` offers, and what their schemas cost. */
export function createToolsCommand(context: CliContext): Command {
  return new Command('tools')
    .description('List the MCP tools exai serve offers (profile, EXAI_TOOLS_ENABLED/DISABLED)')
    .option('--profile <profile>', 'lean, standard or full (default: $EXAI_TOOL_PROFILE, else standard)')
    .option(
      '--tokens',
      "measure the tokens each profile's tools/list answer costs a client, against its budget",
    )
    .option('--json', 'print JSON')
    .action(async (options: { profile?: string; tokens?: boolean; json?: boolean }) => {
      const { runTools } = await import('./run-tools.js');
      await runTools(context, options);
    });
}
