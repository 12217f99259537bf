import type { TenantDataCounts } from '@exai/core';
import { describeStoreSpec } from '@exai/storage';
import { CliExitError } from '../output/cli-error.js';
import { confirmDeletion } from '../output/confirm-deletion.js';
import { formatTable } from '../output/format-table.js';
import { printableLine } from '../output/printable-text.js';
import type { CliContext } from './cli-context.js';
import { withExistingStore } from './with-store.js';
import {
  deleteProviderUploads,
  providerFileDeleter,
  type DeleteProviderFile,
  type ProviderUploadsResult,
} from './delete-provider-uploads.js';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `3 threads (12 messages), 1 workflow state, …` */
export function describeCounts(counts: TenantDataCounts): string {
  return [
    `${plural(counts.threads, 'thread')} (${plural(counts.turns, 'message')})`,
    plural(counts.workflowStates, 'workflow state'),
    `${plural(counts.files, 'file record')} (and ${counts.files === 1 ? 'its upload' : 'their uploads'} at the provider)`,
    plural(counts.usage, 'usage record'),
    plural(counts.audit, 'audit event'),
    plural(counts.apiKeys, 'API key'),
  ].join(', ');
}

/** `exai tenants list`. */
export async function runTenantsList(context: CliContext, options: { json: boolean }): Promise<void> {
  await withExistingStore(context, async (store, spec) => {
    const tenants = await store.listTenants();
    const rows = [];
    for (const tenant of tenants) rows.push({ tenant, counts: await store.countTenantData(tenant.id) });
    if (options.json) {
      const json = rows.map(({ tenant, counts }) => ({
        id: tenant.id,
        name: tenant.name,
        createdAt: tenant.createdAt.toISOString(),
        disabled: tenant.disabled,
        ...counts,
      }));
      context.stdout.write(`${JSON.stringify({ store: describeStoreSpec(spec), tenants: json }, null, 2)}\n`);
      return;
    }
    const table = rows.map(({ tenant, counts }) => [
      tenant.id,
      tenant.name,
      String(counts.threads),
      String(counts.usage),
      String(counts.apiKeys),
    ]);
    context.stdout.write(`${formatTable([['TENANT', 'NAME', 'THREADS', 'USAGE', 'KEYS'], ...table])}\n`);
  });
}

/**
 * `exai tenants delete T [--yes]`: the right to deletion. Without `--yes` it asks on a terminal,
 * saying what would go, and elsewhere refuses (exit 2) having changed nothing, as `exai threads rm`
 * does (`confirmDeletion`); with `--json`, a run that deletes nothing prints what would go as JSON.
 * Once confirmed, the provider-side uploads are deleted first (a failure is reported, and the rest
 * goes on), then every record of the tenant in one store transaction, leaving one `tenant.delete`
 * audit event. `deleteProviderFile` is injectable for tests.
 */
export async function runTenantsDelete(
  context: CliContext,
  tenantId: string,
  options: { yes: boolean; json: boolean },
  { deleteProviderFile }: { deleteProviderFile?: DeleteProviderFile } = {},
): Promise<void> {
  await withExistingStore(context, async (store, spec) => {
    const where = describeStoreSpec(spec);
    // A tenant created before ids were checked may hold any character; it prints escaped.
    const tenant = printableLine(tenantId);
    const red = context.colors.stderr.red;
    if ((await store.getTenant(tenantId)) === undefined) {
      context.stderr.write(
        `${red('exai: record_not_found:')} no tenant "${tenant}" in ${where}; exai tenants list shows the tenants there\n`,
      );
      throw new CliExitError(1);
    }
    const counts = await store.countTenantData(tenantId);
    if (!options.yes) {
      await confirmDeletion(context, {
        what: `tenant ${tenant}'s ${describeCounts(counts)}`,
        where,
        onNothingDeleted: () => {
          if (!options.json) return;
          context.stdout.write(
            `${JSON.stringify({ store: where, tenant: tenantId, deleted: false, wouldDelete: counts })}\n`,
          );
        },
      });
    }

    let uploads: ProviderUploadsResult;
    if (deleteProviderFile !== undefined) {
      uploads = await deleteProviderUploads(store, tenantId, deleteProviderFile);
    } else {
      const runtime = await context.runtime();
      try {
        uploads = await deleteProviderUploads(store, tenantId, providerFileDeleter(runtime.findProvider));
      } finally {
        await runtime.close();
      }
    }
    // Every record of the tenant (tasks and any other per-tenant record included: the adapters
    // delete whatever references the tenant) goes in one transaction, leaving one audit event.
    const deleted = await store.deleteTenantData({
      tenantId,
      audit: {
        actor: 'cli',
        detail: {
          providerUploads: {
            deleted: uploads.deleted,
            failed: uploads.failed.map(({ provider, providerFileId }) => ({ provider, providerFileId })),
          },
        },
      },
    });
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ store: where, tenant: tenantId, deleted, providerUploads: uploads })}\n`,
      );
    } else {
      context.stdout.write(
        `deleted from ${where}, tenant ${tenant}: ${describeCounts(deleted)}; ` +
          `${plural(uploads.deleted, 'upload')} deleted at the provider\n`,
      );
    }
    if (uploads.failed.length > 0) {
      const list = uploads.failed
        .map(
          ({ provider, providerFileId, message }) =>
            `  - ${printableLine(`${provider} ${providerFileId}: ${message}`)}`,
        )
        .join('\n');
      context.stderr.write(
        `${red('exai: provider_file_delete_failed:')} ${plural(uploads.failed.length, 'upload')} could not be ` +
          `deleted at the provider; their records are gone, so delete them there by id:\n${list}\n`,
      );
      throw new CliExitError(1);
    }
  });
}
