import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai doctor`: checks the setup and says how to fix what is wrong. */
export function createDoctorCommand(context: CliContext): Command {
  return new Command('doctor')
    .description(
      'Check the configuration, provider keys and reachability, the store, allowed roots and tools (exit 1 if any check fails)',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { runDoctor } = await import('./run-doctor.js');
      await runDoctor(context, options);
    });
}
