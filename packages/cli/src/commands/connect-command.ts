import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai connect <url>`: a stdio MCP server that forwards everything to an `exai serve --http` daemon. */
export function createConnectCommand(context: CliContext): Command {
  return new Command('connect')
    .description(
      'Bridge a stdio-only MCP client to a running `exai serve --http` daemon: add `exai connect URL` to the ' +
        'client as its command; it reconnects on its own when the daemon restarts; logs go to stderr',
    )
    .argument('<url>', "the daemon's MCP endpoint, e.g. http://127.0.0.1:8765/mcp")
    .option(
      '-H, --header <header>',
      'an HTTP header for every request, "Name: value" (repeatable); $EXAI_API_KEY adds "Authorization: Bearer …"',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--ca <file>', 'trust this CA certificate (PEM) for an https:// daemon with its own certificate')
    .showHelpAfterError('(run exai connect --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .action(async (url: string, options: { header?: string[]; ca?: string }) => {
      const { runConnect } = await import('./run-connect.js');
      await runConnect(context, {
        url,
        headers: options.header ?? [],
        ...(options.ca !== undefined && { caPath: options.ca }),
      });
    });
}
