import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { parseInterval } from './parse-interval.js';
import { parseNumberFlag } from './parse-number.js';

/** `exai audit`: the audit log of the store named by `--store` / `EXAI_STORE`. */
export function createAuditCommand(context: CliContext): Command {
  return new Command('audit')
    .description(
      'Show the audit log, newest first: every tool call (tenant, key id, tool, model, outcome, tokens, cost, request id) and administrative action',
    )
    .option('--tenant <id>', 'only this tenant (default: every tenant)')
    .option('--since <interval>', 'only records newer than this (30s, 15m, 1h, 1d, 1h30m)')
    .option('--action <action>', 'only this action, e.g. tool.call, api-key.create, store.gc')
    .option('--limit <n>', 'show at most this many records', '100')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        tenant?: string;
        since?: string;
        action?: string;
        limit: string;
        json?: boolean;
      }) => {
        const { runAudit } = await import('./run-audit.js');
        await runAudit(context, {
          ...(options.tenant !== undefined && { tenantId: options.tenant }),
          ...(options.since !== undefined && {
            since: new Date(Date.now() - parseInterval('--since', options.since)),
          }),
          ...(options.action !== undefined && { action: options.action }),
          limit: parseNumberFlag('--limit', options.limit, { min: 1, max: 100_000, integer: true }),
          json: options.json === true,
        });
      },
    );
}
