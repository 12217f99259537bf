import { DEFAULT_TENANT_ID } from '@exai/core';
import type { Command } from 'commander';
import { CliUsageError } from '../output/cli-error.js';

/**
 * `--tenant T` on the commands that read or change one tenant's records. Without it they use the
 * local tenant (`default`), the one `exai serve` over stdio and `--no-auth` write to.
 */
export function addTenantOption(command: Command): Command {
  return command.option(
    '--tenant <id>',
    `the tenant whose records to use (default: the local tenant, "${DEFAULT_TENANT_ID}")`,
  );
}

/** The tenant a command acts for: `--tenant`, else the local tenant. */
export function tenantOf(options: { tenant?: string }): string {
  if (options.tenant === undefined) return DEFAULT_TENANT_ID;
  const tenant = options.tenant.trim();
  if (tenant === '') {
    throw new CliUsageError('--tenant needs a tenant id, e.g. --tenant acme; exai tenants list shows them.');
  }
  return tenant;
}
