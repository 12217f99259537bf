import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { parseInterval } from './parse-interval.js';

/** `exai keys`: API keys of the HTTP daemon, kept (hashed) in the store named by `--store` / `EXAI_STORE`. */
export function createKeysCommand(context: CliContext): Command {
  const load = () => import('./run-keys.js');
  const keys = new Command('keys').description(
    'Create, list and revoke the API keys `exai serve --http` accepts (stored hashed in the store)',
  );
  keys
    .command('create')
    .description('Create an API key for a tenant (created if new); the key is printed once, on stdout')
    .requiredOption('--tenant <tenant>', 'the tenant the key acts for')
    .option('--name <name>', 'a name to recognise the key by (default: "<tenant> key")')
    .option('--expires <interval>', 'expire after this long, e.g. 30d, 12h (default: never)')
    .option('--admin', 'an admin key: may act for any tenant (X-Exai-Tenant)')
    .option('--json', 'print JSON (with the key)')
    .action(
      async (options: { tenant: string; name?: string; expires?: string; admin?: boolean; json?: boolean }) =>
        (await load()).runKeysCreate(context, {
          tenantId: options.tenant,
          ...(options.name !== undefined && { name: options.name }),
          ...(options.expires !== undefined && { expiresInMs: parseInterval('--expires', options.expires) }),
          admin: options.admin === true,
          json: options.json === true,
        }),
    );
  keys
    .command('list')
    .description('List API keys (never the keys themselves: their id, prefix and state)')
    .option('--tenant <tenant>', 'only this tenant’s keys (default: every tenant)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }) =>
      (await load()).runKeysList(context, {
        ...(options.tenant !== undefined && { tenantId: options.tenant }),
        json: options.json === true,
      }),
    );
  keys
    .command('revoke')
    .description('Revoke an API key: every daemon on the store refuses it within a second')
    .argument('<id>', 'the key id (see exai keys list)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) =>
      (await load()).runKeysRevoke(context, id, { json: options.json === true }),
    );
  return keys;
}
