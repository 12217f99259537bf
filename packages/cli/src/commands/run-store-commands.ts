import {
  checkMigrations,
  checkStore,
  describeStoreSpec,
  listMigrations,
  migrate,
  migrationStatus,
  openMigrationTarget,
  openSessionStore,
  requireExistingStore,
  restoreBackup,
  verifyBackup,
  writeBackup,
  type BackupProgress,
  type StoreFinding,
} from '@exai/storage';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CliExitError, CliInterruptedError, CliUsageError } from '../output/cli-error.js';
import { formatTable } from '../output/format-table.js';
import { printableLine } from '../output/printable-text.js';
import { resolveStoreSource, resolveStoreSpec as storeSpec } from '../runtime/resolve-store-spec.js';
import type { CliContext } from './cli-context.js';
import { runDirectoryBackup, runRestoreLatest } from './run-backup-directory.js';
import { ADMIN_AUDIT_TENANT } from '@exai/mcp';
import { auditStoreAction } from './audit-store-action.js';
import { listenForStopSignals } from './stop-signals.js';
import { withStore } from './with-store.js';

/** A one-line progress display on stderr, redrawn in place when stderr is a terminal. */
function progressLine(context: CliContext): { update(text: string): void; done(): void } {
  const interactive = Boolean((context.stderr as { isTTY?: boolean }).isTTY);
  let shown = false;
  return {
    update(text) {
      if (!interactive) return;
      context.stderr.write(`\r\u001b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) context.stderr.write('\r\u001b[2K');
    },
  };
}

export async function runMigrate(
  context: CliContext,
  direction: 'up' | 'down',
  to: number | undefined,
  { yes = false }: { yes?: boolean } = {},
): Promise<void> {
  const spec = storeSpec(context);
  const target = await openMigrationTarget(spec, {
    env: context.env,
    mustExist: direction === 'down',
    source: resolveStoreSource(context),
  });
  try {
    if (direction === 'down' && !yes) {
      const applied = (
        await migrationStatus(target.driver, target.migrations, { otherChains: target.otherChains })
      )
        .filter((status) => status.state !== 'pending')
        .map((status) => status.version);
      const latest = Math.max(0, ...applied);
      const reverted = applied.filter((version) => (to === undefined ? version === latest : version > to));
      if (reverted.includes(1)) {
        context.stderr.write(
          `${context.colors.stderr.red('exai: invalid_argument:')} this would revert version 1 of ${describeStoreSpec(spec)}: ` +
            'every table is dropped, and every tenant, API key, thread, turn, file record, usage and audit record in it is lost.\n' +
            `Take a backup first (exai backup -o <file>), then run it again with --yes.\n`,
        );
        throw new CliExitError(2);
      }
    }
    // Recorded through the migration's own connection, whatever version the run ends at (the
    // store would refuse to open below the latest); see docs/decisions/0040.
    const result = await migrate(target.driver, target.migrations, {
      direction,
      ...(to !== undefined && { to }),
      audit: { tenantId: ADMIN_AUDIT_TENANT, actor: 'cli' },
      otherChains: target.otherChains,
      onProgress: (event) =>
        context.stderr.write(
          context.colors.stderr.dim(
            `${event.direction === 'up' ? 'applied' : 'reverted'} ${event.version} ${event.name}\n`,
          ),
        ),
    });
    const changed = direction === 'up' ? result.applied : result.reverted;
    if (result.auditError !== undefined) {
      context.stderr.write(
        `exai: warning: the migration succeeded but its audit record could not be written: ${(result.auditError as Error).message}\n`,
      );
    }
    context.stdout.write(
      changed.length === 0
        ? `${describeStoreSpec(spec)}: nothing to ${direction === 'up' ? 'apply' : 'revert'}\n`
        : `${describeStoreSpec(spec)}: ${direction === 'up' ? 'applied' : 'reverted'} ${changed.join(', ')}\n`,
    );
  } finally {
    await target.close();
  }
}

/**
 * `exai migrate status`. Lists a store written by a newer exai too (its migrations this exai does
 * not know as `unknown`), says to upgrade exai, and exits 0 like any listing: `exai db check` is
 * the command that fails on migration problems. A schema another store's chain migrated (a
 * Supabase schema given as postgres://…, or the reverse) is listed the same way, but the note
 * says which store it belongs to and how to open it as that one: upgrading exai would not help.
 */
export async function runMigrateStatus(context: CliContext, options: { json?: boolean }): Promise<void> {
  const spec = storeSpec(context);
  const target = await openMigrationTarget(spec, {
    env: context.env,
    mustExist: true,
    source: resolveStoreSource(context),
  });
  try {
    const listed = await listMigrations(target.driver, target.migrations, {
      otherChains: target.otherChains,
    });
    const { databaseVersion, knownVersion, newerThanCode, otherStore } = listed;
    if (options.json) {
      const report = {
        store: describeStoreSpec(spec),
        storeVersion: databaseVersion,
        knownVersion,
        newerThanExai: newerThanCode,
        migratedForStore: otherStore?.chain.store ?? null,
        migrations: listed.migrations,
      };
      context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const rows = listed.migrations.map((status) => [
        String(status.version),
        status.name,
        status.state,
        status.appliedAt?.toISOString() ?? '-',
      ]);
      const mark = otherStore
        ? ` (migrated for the ${otherStore.chain.storeName} store)`
        : newerThanCode
          ? ` (newer than this exai: at version ${databaseVersion})`
          : '';
      context.stdout.write(
        `${describeStoreSpec(spec)}${mark}\n${formatTable([['VERSION', 'NAME', 'STATE', 'APPLIED'], ...rows])}\n`,
      );
    }
    if (otherStore) {
      const { storeName, howToOpen } = otherStore.chain;
      const steps = otherStore.steps.map((step) => `${step.version} ${step.name}`).join(', ');
      context.stderr.write(
        context.colors.stderr.yellow(
          `exai: note: this schema was migrated for the ${storeName} store: its migrations ` +
            `${steps} are that store's, so this store lists them as changed or unknown. ` +
            `Open it as a ${storeName} store (${howToOpen}); do not migrate it as this one.\n`,
        ),
      );
    } else if (newerThanCode) {
      context.stderr.write(
        context.colors.stderr.yellow(
          `exai: note: this store is at version ${databaseVersion} but this exai knows only up to ${knownVersion}; ` +
            'a newer exai migrated it (its steps are unknown above). Upgrade exai to use or migrate this store.\n',
        ),
      );
    }
  } finally {
    await target.close();
  }
}

export interface BackupCommandOptions {
  out: string;
  /** Replace an existing `out` file; without it, an existing file is refused. */
  force?: boolean;
  intervalInMs?: number;
  keep?: number;
}

/** `--out` names a directory when it is one, ends with a slash, or `--every`/`--keep` is given. */
function isDirectoryTarget({ out, intervalInMs, keep }: BackupCommandOptions): boolean {
  if (intervalInMs !== undefined || keep !== undefined || /[/\\]$/.test(out)) return true;
  return statSync(out, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * `exai backup`. On Ctrl-C or SIGTERM a single backup stops and deletes its unfinished copy (exit
 * 130 or 143); a schedule finishes the backup under way and stops, and a second signal stops that
 * backup too.
 */
export async function runBackup(context: CliContext, options: BackupCommandOptions): Promise<void> {
  const scheduled = options.intervalInMs !== undefined;
  // A single backup stops at the first signal; a schedule finishes the backup under way, and stops
  // it at the second. One signal more exits at once, whatever is running.
  const stop = listenForStopSignals({ stages: scheduled ? 2 : 1 });
  const abortSignal = scheduled ? stop.second : stop.first;
  try {
    if (isDirectoryTarget(options)) {
      await runDirectoryBackup(context, storeSpec(context), {
        source: resolveStoreSource(context),
        directory: options.out,
        intervalInMs: options.intervalInMs,
        keep: options.keep,
        signal: stop.first,
        abortSignal,
      });
    } else {
      await runFileBackup(context, options, abortSignal);
    }
  } catch (error) {
    if (abortSignal.aborted) throw new CliInterruptedError(stop.exitCode());
    throw error;
  } finally {
    stop.dispose();
  }
  if (abortSignal.aborted) throw new CliInterruptedError(stop.exitCode());
}

async function runFileBackup(
  context: CliContext,
  options: BackupCommandOptions,
  abortSignal: AbortSignal,
): Promise<void> {
  const target = resolve(options.out);
  // Only a regular file (or a link to one) can be replaced; anything else (a FIFO, a device) is
  // refused by writeBackup whatever --force says, so suggesting --force would mislead.
  if (options.force !== true && statSync(target, { throwIfNoEntry: false })?.isFile() === true) {
    throw new CliUsageError(
      `${target} already exists; pass --force to replace it, or choose another --out (a directory gets timestamped backups)`,
    );
  }
  await withStore(
    context,
    async (store, spec) => {
      const progress = progressLine(context);
      const written = await writeBackup({
        store,
        path: target,
        abortSignal,
        onProgress: ({ records: count }) => progress.update(`backing up… ${count} records`),
      }).finally(() => progress.done());
      const through = written.path === target ? '' : ` (through the symbolic link ${target})`;
      context.stdout.write(
        `wrote ${written.records} records from ${describeStoreSpec(spec)} to ${written.path}${through}\n`,
      );
    },
    { mustExist: true },
  );
}

export async function runRestore(
  context: CliContext,
  target: { file: string } | { latest: string },
): Promise<void> {
  if ('latest' in target) return runRestoreLatest(context, storeSpec(context), target.latest);
  const path = resolve(target.file);
  const progress = progressLine(context);
  const show = (phase: 'verify' | 'restore', { records, bytesRead, totalBytes }: BackupProgress) =>
    progress.update(
      `${phase === 'verify' ? 'verifying' : 'restoring'}… ${records} records (${Math.floor((bytesRead / Math.max(1, totalBytes)) * 100)}%)`,
    );
  // The whole file is checked before the store is opened, so a bad file never creates,
  // migrates or changes the target.
  const verified = await verifyBackup(path, (p) => show('verify', p)).finally(() => progress.done());
  await withStore(context, async (store, spec) => {
    const result = await restoreBackup({
      store,
      path,
      verified,
      onProgress: (p) => show(p.phase, p),
    });
    progress.done();
    const count = (counts: Partial<Record<string, number>>) =>
      Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    await auditStoreAction(context, store, {
      action: 'store.restore',
      target: basename(path),
      detail: { imported: count(result.imported), skipped: count(result.skipped) },
    });
    context.stdout.write(
      `restored ${count(result.imported)} records into ${describeStoreSpec(spec)}` +
        ` (${count(result.skipped)} already present; ` +
        `backup of ${printableLine(`${result.header.source} taken ${result.header.createdAt}`)})\n`,
    );
  });
}

export async function runDatabaseCheck(context: CliContext, options: { json?: boolean }): Promise<void> {
  const spec = storeSpec(context);
  const findings: StoreFinding[] = [];
  const notes: string[] = [];
  let scanned: Record<string, number> = {};
  requireExistingStore(spec, { mustExist: true, source: resolveStoreSource(context) });

  // Migrations first, read-only: the store is opened only if its schema is current, and
  // opening it never migrates, so the check changes nothing.
  if (spec.kind !== 'memory') {
    const target = await openMigrationTarget(spec, { env: context.env }).catch((error: unknown) => {
      notes.push(`migrations not checked: ${(error as Error).message}`);
      return undefined;
    });
    if (target) {
      try {
        findings.push(
          ...(await checkMigrations(target.driver, target.migrations, { otherChains: target.otherChains })),
        );
      } finally {
        await target.close();
      }
    }
  }
  if (findings.length === 0) {
    const store = await openSessionStore(spec, { migrate: false });
    try {
      const result = await checkStore({ store });
      findings.push(...result.findings);
      scanned = result.scanned;
    } finally {
      await store.close();
    }
  } else {
    notes.push('records not checked: fix the migrations first, then run exai db check again');
  }

  if (options.json) {
    context.stdout.write(
      `${JSON.stringify({ store: describeStoreSpec(spec), findings, scanned, notes }, null, 2)}\n`,
    );
  } else {
    for (const note of notes) context.stderr.write(context.colors.stderr.yellow(`exai: note: ${note}\n`));
    if (findings.length === 0) {
      const total = Object.values(scanned).reduce((sum, n) => sum + n, 0);
      context.stdout.write(`${describeStoreSpec(spec)}: no problems found in ${total} records\n`);
    }
    for (const finding of findings) {
      context.stdout.write(
        `${context.colors.stdout.yellow('problem:')} ${printableLine(finding.message)}\n` +
          `  ${context.colors.stdout.dim('fix:')} ${printableLine(finding.fix)}\n`,
      );
    }
  }
  if (findings.length > 0) throw new CliExitError(1);
}

export { runGarbageCollection } from './run-garbage-collection.js';
