import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export interface DashboardCommandOptions {
  host?: string;
  port?: string;
  auth?: boolean;
}

/** `exai dashboard`: the live dashboard page over the store (the SQLite file of stdio users). */
export function createDashboardCommand(context: CliContext): Command {
  return new Command('dashboard')
    .description(
      'Serve the dashboard (calls, errors, latency, tokens, cost, latest calls, threads) over the store ' +
        'until Ctrl-C; open the address it prints',
    )
    .option('--host <host>', 'the interface to bind (default: 127.0.0.1)')
    .option('--port <port>', 'the port to listen on, 0 for any free one (default: 8766)')
    .option('--no-auth', 'no token in the address: anyone who reaches the port sees the page (loopback only)')
    .action(async (options: DashboardCommandOptions) => {
      const { runDashboard } = await import('./dashboard-serve.js');
      await runDashboard(context, options);
    });
}
