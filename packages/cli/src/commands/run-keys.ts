import { printableTenantId, tenantIdProblem, type ApiKeyRecord } from '@exai/core';
import { describeStoreSpec } from '@exai/storage';
import { generateApiKey, policyOf } from '@exai/server';
import { CliExitError, CliUsageError } from '../output/cli-error.js';
import { formatTable } from '../output/format-table.js';
import { formatTime } from '../output/format-time.js';
import { printableLine } from '../output/printable-text.js';
import type { CliContext } from './cli-context.js';
import { withStore } from './with-store.js';

function stateOf(key: ApiKeyRecord, now: Date): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt !== undefined) return 'revoked';
  const expiresAt = policyOf(key.prefix)?.expiresAt;
  return expiresAt !== undefined && expiresAt <= now ? 'expired' : 'active';
}

function keyJson(key: ApiKeyRecord, now: Date) {
  const policy = policyOf(key.prefix);
  return {
    id: key.id,
    tenantId: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    admin: policy?.admin ?? false,
    state: stateOf(key, now),
    createdAt: key.createdAt.toISOString(),
    expiresAt: policy?.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

/** `exai keys create`: the key goes to stdout alone (or in the JSON); what it is goes to stderr. */
export async function runKeysCreate(
  context: CliContext,
  options: { tenantId: string; name?: string; expiresInMs?: number; admin: boolean; json: boolean },
): Promise<void> {
  // The store refuses such a tenant too (createTenant); checked first so a bad id opens nothing.
  const problem = tenantIdProblem(options.tenantId);
  if (problem !== undefined) {
    throw new CliUsageError(
      `--tenant "${printableTenantId(options.tenantId)}" is not a usable tenant id: it ${problem}.`,
    );
  }
  await withStore(context, async (store, spec) => {
    const now = new Date();
    const newTenant = (await store.getTenant(options.tenantId)) === undefined;
    if (newTenant) await store.createTenant({ id: options.tenantId });
    const generated = generateApiKey({
      admin: options.admin,
      ...(options.expiresInMs !== undefined && { expiresAt: new Date(now.getTime() + options.expiresInMs) }),
    });
    const record = await store.createApiKey({
      tenantId: options.tenantId,
      name: options.name ?? `${options.tenantId} key`,
      prefix: generated.prefix,
      hash: generated.hash,
    });
    await store.appendAudit({
      tenantId: options.tenantId,
      actor: 'cli',
      action: 'api-key.create',
      target: record.id,
      detail: { name: record.name, prefix: record.prefix, admin: options.admin },
    });
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ store: describeStoreSpec(spec), ...keyJson(record, now), key: generated.key, tenantCreated: newTenant }, null, 2)}\n`,
      );
      return;
    }
    context.stdout.write(`${generated.key}\n`);
    context.stderr.write(
      `${newTenant ? `created tenant ${options.tenantId}; ` : ''}created ${options.admin ? 'admin ' : ''}API key ` +
        `${record.id} ("${printableLine(record.name)}") for tenant ${options.tenantId} in ${describeStoreSpec(spec)}` +
        `${generated.expiresAt === undefined ? '' : `, expiring ${formatTime(generated.expiresAt)}`}.\n` +
        'It is shown this once: store it now (e.g. EXAI_API_KEY for exai connect). Revoke it with ' +
        `exai keys revoke ${record.id}.\n`,
    );
  });
}

/** `exai keys list`. */
export async function runKeysList(
  context: CliContext,
  options: { tenantId?: string; json: boolean },
): Promise<void> {
  await withStore(context, async (store, spec) => {
    const now = new Date();
    const tenantIds =
      options.tenantId !== undefined
        ? [options.tenantId]
        : (await store.listTenants()).map((tenant) => tenant.id);
    const keys: ApiKeyRecord[] = [];
    for (const tenantId of tenantIds) keys.push(...(await store.listApiKeys(tenantId)));
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ store: describeStoreSpec(spec), keys: keys.map((key) => keyJson(key, now)) }, null, 2)}\n`,
      );
      return;
    }
    if (keys.length === 0) {
      context.stdout.write(
        `${describeStoreSpec(spec)}: no API keys${options.tenantId === undefined ? '' : ` for tenant ${printableLine(options.tenantId)}`}; ` +
          'create one with exai keys create --tenant <tenant>\n',
      );
      return;
    }
    const rows = keys.map((key) => {
      const policy = policyOf(key.prefix);
      return [
        key.id,
        key.tenantId,
        key.name,
        `${key.prefix}…`,
        policy?.admin === true ? 'admin' : '-',
        stateOf(key, now),
        formatTime(key.createdAt),
        formatTime(policy?.expiresAt),
        formatTime(key.lastUsedAt),
      ];
    });
    context.stdout.write(
      `${formatTable([['ID', 'TENANT', 'NAME', 'PREFIX', 'ROLE', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'], ...rows])}\n`,
    );
  });
}

/** `exai keys revoke <id>`: finds the key's tenant, then revokes it there. */
export async function runKeysRevoke(
  context: CliContext,
  id: string,
  options: { json: boolean },
): Promise<void> {
  await withStore(context, async (store, spec) => {
    let found: ApiKeyRecord | undefined;
    for (const tenant of await store.listTenants()) {
      found = (await store.listApiKeys(tenant.id)).find((key) => key.id === id);
      if (found !== undefined) break;
    }
    if (found === undefined || !(await store.revokeApiKey(found.tenantId, id))) {
      context.stderr.write(
        `${context.colors.stderr.red('exai: record_not_found:')} no API key "${id}" in ${describeStoreSpec(spec)}; ` +
          'see exai keys list (check --store or EXAI_STORE if it should be there)\n',
      );
      throw new CliExitError(1);
    }
    const alreadyRevoked = found.revokedAt !== undefined;
    if (!alreadyRevoked)
      await store.appendAudit({
        tenantId: found.tenantId,
        actor: 'cli',
        action: 'api-key.revoke',
        target: id,
      });
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ store: describeStoreSpec(spec), revoked: id, tenantId: found.tenantId, alreadyRevoked })}\n`,
      );
      return;
    }
    context.stdout.write(
      `${alreadyRevoked ? 'already revoked' : 'revoked'}: API key ${id} ("${printableLine(found.name)}") ` +
        `of tenant ${printableLine(found.tenantId)}\n`,
    );
  });
}
