import {
  applyRetention,
  collectProviderFiles,
  hasRetention,
  providerFilesLookup,
  type FilesV1,
  type RetentionPolicy,
  type SweepResult,
} from '@exai/core';
import { describeStoreSpec } from '@exai/storage';
import { describeAge, retentionPolicy } from '../config/retention-config.js';
import { describeProviderFiles } from '../output/describe-provider-files.js';
import { auditStoreAction } from './audit-store-action.js';
import type { CliContext } from './cli-context.js';
import { withStore } from './with-store.js';

/**
 * `exai gc`: deletes, at their provider, the uploads no live thread uses (with the providers of
 * the configuration; a provider it cannot reach keeps its records for the next run), then the
 * expired threads and file records of the store.
 */
export async function runGarbageCollection(context: CliContext, options: { json?: boolean }): Promise<void> {
  const retention = retentionPolicy((await context.runtime()).config, context.env);
  await withStore(
    context,
    async (store, spec) => {
      const now = new Date();
      const providers = await configuredFiles(context);
      const providerFiles = await collectProviderFiles({ store, filesFor: providers.filesFor, now }).finally(
        providers.close,
      );
      const expired = await store.expire(now);
      const result: SweepResult = {
        ...expired,
        providerFiles,
        ...(hasRetention(retention) && { retention: await applyRetention(store, retention, now) }),
      };
      await auditStoreAction(context, store, { action: 'store.gc', detail: { deleted: result } });
      const storeName = describeStoreSpec(spec);
      if (options.json) {
        context.stdout.write(
          `${JSON.stringify({
            store: storeName,
            deleted: { threads: result.threads, files: result.files, providerFiles: providerFiles.deleted },
            releasedThreads: providerFiles.releasedThreads,
            kept: providerFiles.failed,
            retention: { policy: retentionJson(retention), deleted: result.retention ?? null },
          })}\n`,
        );
        return;
      }
      const uploads = describeProviderFiles(providerFiles);
      context.stdout.write(
        `${storeName}: deleted ${result.threads} expired threads and ${result.files} expired file records` +
          `${uploads === undefined ? '' : `; ${uploads}`}\n`,
      );
      if (result.retention !== undefined) {
        const { threads, usage, audit } = result.retention;
        const age = (ms: number | undefined) => (ms === undefined ? 'kept' : `older than ${describeAge(ms)}`);
        context.stdout.write(
          `retention: deleted ${threads} threads (${age(retention.threadsInMs)}), ${usage} usage records ` +
            `(${age(retention.usageInMs)}) and ${audit} audit events (${age(retention.auditInMs)})\n`,
        );
      }
    },
    { mustExist: true },
  );
}

function retentionJson(policy: RetentionPolicy) {
  const age = (ms: number | undefined) => (ms === undefined ? null : describeAge(ms));
  return { threads: age(policy.threadsInMs), usage: age(policy.usageInMs), audit: age(policy.auditInMs) };
}

/** The files APIs of the configured providers; none when the configuration cannot be read. */
async function configuredFiles(
  context: CliContext,
): Promise<{ filesFor: (provider: string) => FilesV1 | undefined; close: () => Promise<void> }> {
  try {
    const runtime = await context.runtime();
    return { filesFor: providerFilesLookup(runtime.registry), close: () => runtime.close() };
  } catch {
    return { filesFor: () => undefined, close: async () => undefined };
  }
}
