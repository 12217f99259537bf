import { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `exai tenants`: the tenants of the store named by `--store` / `EXAI_STORE`, and deleting one's data. */
export function createTenantsCommand(context: CliContext): Command {
  const load = () => import('./run-tenants.js');
  const tenants = new Command('tenants').description('List tenants, or delete every record of one');
  tenants
    .command('list')
    .description('List the tenants with how many threads, usage records and API keys each holds')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      (await load()).runTenantsList(context, { json: options.json === true }),
    );
  tenants
    .command('delete')
    .description(
      'Delete every thread, message, workflow state, file record (and its upload at the provider), ' +
        'usage record, audit event and API key of a tenant, leaving one audit event of the deletion. ' +
        'Asks first on a terminal (saying what would be deleted) unless --yes; elsewhere it refuses without --yes',
    )
    .argument('<tenant>', 'the tenant id')
    .option('--yes', 'delete without asking')
    .option('--json', 'print JSON')
    .action(async (tenant: string, options: { yes?: boolean; json?: boolean }) =>
      (await load()).runTenantsDelete(context, tenant, {
        yes: options.yes === true,
        json: options.json === true,
      }),
    );
  return tenants;
}
