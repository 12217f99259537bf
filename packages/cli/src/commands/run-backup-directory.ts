import { basename } from 'node:path';
import { auditStoreAction } from './audit-store-action.js';
import {
  describeStoreSpec,
  findLatestBackup,
  openSessionStore,
  requireExistingStore,
  prepareBackupDirectory,
  restoreBackup,
  runScheduledBackups,
  writeDirectoryBackup,
  type DirectoryBackupResult,
  type StoreSpec,
} from '@exai/storage';
import { resolve } from 'node:path';
import type { CliContext } from './cli-context.js';
import { printableLine } from '../output/printable-text.js';

export interface DirectoryBackupOptions {
  directory: string;
  intervalInMs?: number;
  keep?: number;
  /** Stops a schedule; the CLI aborts it on SIGTERM or SIGINT. */
  signal: AbortSignal;
  /** Stops the backup under way, deleting its unfinished copy. */
  abortSignal?: AbortSignal;
  /** Where the store spec came from (`--store`, `EXAI_STORE`), named if the store does not exist. */
  source?: string | undefined;
}

function describeResult(result: DirectoryBackupResult, spec: StoreSpec): string {
  const pruned = result.removed.length > 0 ? `; deleted ${result.removed.length} older` : '';
  return `wrote ${result.records} records from ${describeStoreSpec(spec)} to ${result.path} (verified${pruned})\n`;
}

/**
 * `exai backup --out DIR [--every I] [--keep N]`: one verified, timestamped backup, or one every
 * interval until the signal aborts (the backup under way is finished first).
 */
export async function runDirectoryBackup(
  context: CliContext,
  spec: StoreSpec,
  { directory, intervalInMs, keep, signal, abortSignal, source }: DirectoryBackupOptions,
): Promise<void> {
  const path = resolve(directory);
  // A backup copies a store; it never creates one (a mistyped path would back up an empty file).
  requireExistingStore(spec, { mustExist: true, source });
  await prepareBackupDirectory(path);
  const store = await openSessionStore(spec);
  try {
    if (intervalInMs === undefined) {
      context.stdout.write(
        describeResult(await writeDirectoryBackup({ store, directory: path, keep, abortSignal }), spec),
      );
      return;
    }
    context.stderr.write(
      context.colors.stderr.dim(
        `exai: backing up ${describeStoreSpec(spec)} to ${path} every ${intervalInMs / 1000}s` +
          `${keep === undefined ? '' : `, keeping ${keep}`}; stop with SIGTERM or Ctrl-C\n`,
      ),
    );
    const { failed } = await runScheduledBackups({
      store,
      directory: path,
      intervalInMs,
      keep,
      signal,
      abortSignal,
      onBackup: (result) => context.stdout.write(describeResult(result, spec)),
      onError: (error) => {
        const code = (error as { code?: unknown }).code;
        context.stderr.write(
          `${context.colors.stderr.red(`exai: ${typeof code === 'string' ? code : 'backup_failed'}:`)} backup failed, retrying at the next interval: ${error.message}\n`,
        );
      },
    });
    context.stderr.write(context.colors.stderr.dim(`exai: stopped backing up (${failed} failed runs)\n`));
  } finally {
    await store.close();
  }
}

/** `exai restore --latest DIR`: restores the newest backup in DIR that verifies. */
export async function runRestoreLatest(
  context: CliContext,
  spec: StoreSpec,
  directory: string,
): Promise<void> {
  const verified = await findLatestBackup({
    directory,
    onSkipped: (path, error) =>
      context.stderr.write(
        context.colors.stderr.yellow(`exai: note: skipping ${path}, it does not verify: ${error.message}\n`),
      ),
  });
  context.stderr.write(
    context.colors.stderr.dim(`exai: restoring ${verified.path} (${verified.records} records)\n`),
  );
  const store = await openSessionStore(spec);
  try {
    const result = await restoreBackup({ store, path: verified.path, verified });
    const count = (counts: Partial<Record<string, number>>) =>
      Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    await auditStoreAction(context, store, {
      action: 'store.restore',
      target: basename(verified.path),
      detail: { imported: count(result.imported), skipped: count(result.skipped), latest: true },
    });
    context.stdout.write(
      `restored ${count(result.imported)} records into ${describeStoreSpec(spec)}` +
        ` (${count(result.skipped)} already present; backup ${verified.path} taken ${printableLine(result.header.createdAt)})\n`,
    );
  } finally {
    await store.close();
  }
}
