import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai doctor`: checks the setup and says how to fix what is wrong. */
export function createDoctorCommand(context: CliContext): Command {
  return new Command('doctor')
    .description(
      'Check the configuration, provider keys and reachability, the store, allowed roots and tools (exit 1 if any check fails)',
    )
    .option('--json', 'print JSON')
    .option(
      '--url <url>',
      'check a running daemon instead: its /livez and /readyz (e.g. http://127.0.0.1:8765/mcp)',
    )
    .option(
      '-H, --header <header>',
      'with --url: an HTTP header, "Name: value" (repeatable); $EXAI_API_KEY adds "Authorization: Bearer …"',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--ca <file>', 'with --url: trust this CA certificate (PEM) for an https:// daemon')
    .action(async (options: { json?: boolean; url?: string; header?: string[]; ca?: string }) => {
      const { runDoctor } = await import('./run-doctor.js');
      await runDoctor(context, options);
    });
}
