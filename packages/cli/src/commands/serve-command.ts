import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai serve`: an MCP server on stdin/stdout for AI coding assistants. */
export function createServeCommand(context: CliContext): Command {
  return new Command('serve')
    .description(
      'Run the MCP server on stdin/stdout (add it to your MCP client as the command `exai serve`); logs go to stderr',
    )
    .option(
      '--profile <profile>',
      'tools to offer: lean, standard or full (default: $EXAI_TOOL_PROFILE, else standard)',
    )
    .action(async (options: { profile?: string }) => {
      const { runServe } = await import('./run-serve.js');
      await runServe(context, options);
    });
}
