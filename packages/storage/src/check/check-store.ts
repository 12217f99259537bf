import type { SessionStoreV1 } from '@exai/core';
import {
  MigrationUnknownVersionError,
  describeMigrationSteps,
  findOtherStoreMigrations,
  migrationStatus,
  type Migration,
  type MigrationDriver,
  type StoreMigrationChain,
} from '../migrations/index.js';

/** One problem `checkStore` found, and what to do about it. */
export interface StoreFinding {
  kind:
    | 'migration-changed'
    | 'migration-pending'
    | 'migration-unknown'
    | 'migration-other-store'
    | 'orphan'
    | 'turn-sequence'
    | 'expired';
  message: string;
  fix: string;
}

export interface CheckStoreOptions {
  store: SessionStoreV1;
  /** The store's migrations, for SQL stores (`otherChains`: see `checkMigrations`). */
  migrations?: {
    driver: MigrationDriver;
    migrations: readonly Migration[];
    otherChains?: readonly StoreMigrationChain[];
  };
  now?: Date;
}

export interface CheckStoreResult {
  findings: StoreFinding[];
  /** Records read, by type. */
  scanned: Record<string, number>;
}

interface ThreadState {
  turnCount: number;
  seqs: number[];
}

/**
 * Reads the whole store looking for what should not be there: migrations that were edited after
 * being applied or are not applied yet, turns or workflow state without a thread, threads whose turn
 * sequence has gaps or disagrees with their count, and expired records a sweep has not removed.
 */
export async function checkStore({
  store,
  migrations,
  now = new Date(),
}: CheckStoreOptions): Promise<CheckStoreResult> {
  const findings: StoreFinding[] = [];
  if (migrations)
    findings.push(...(await checkMigrations(migrations.driver, migrations.migrations, migrations)));

  const scanned: Record<string, number> = {};
  const tenants = new Set<string>();
  const threads = new Map<string, ThreadState>();
  const orphans: string[] = [];
  let expiredThreads = 0;
  let expiredFiles = 0;
  const key = (tenantId: string, threadId: string) => `${tenantId}\u0000${threadId}`;

  for await (const entry of store.exportRecords()) {
    scanned[entry.type] = (scanned[entry.type] ?? 0) + 1;
    switch (entry.type) {
      case 'tenant':
        tenants.add(entry.record.id);
        break;
      case 'thread':
        if (!tenants.has(entry.record.tenantId))
          orphans.push(`thread ${entry.record.id} of missing tenant ${entry.record.tenantId}`);
        threads.set(key(entry.record.tenantId, entry.record.id), {
          turnCount: entry.record.turnCount,
          seqs: [],
        });
        if (entry.record.expiresAt && entry.record.expiresAt < now) expiredThreads += 1;
        break;
      case 'turn': {
        const thread = threads.get(key(entry.record.tenantId, entry.record.threadId));
        if (thread) thread.seqs.push(entry.record.seq);
        else orphans.push(`turn ${entry.record.seq} of missing thread ${entry.record.threadId}`);
        break;
      }
      case 'workflow-state':
        if (!threads.has(key(entry.record.tenantId, entry.record.threadId))) {
          orphans.push(`workflow state of missing thread ${entry.record.threadId}`);
        }
        break;
      case 'api-key':
      case 'file':
        if (!tenants.has(entry.record.tenantId))
          orphans.push(`${entry.type} of missing tenant ${entry.record.tenantId}`);
        if (entry.type === 'file' && entry.record.expiresAt && entry.record.expiresAt < now)
          expiredFiles += 1;
        break;
      default:
        break;
    }
  }

  for (const orphan of orphans.slice(0, 20)) {
    findings.push({
      kind: 'orphan',
      message: `Orphaned record: ${orphan}.`,
      fix: "Nothing can reach it, so it is safe to delete. The SQL stores' foreign keys prevent this: it points at a change made outside exai or a bug in a custom adapter.",
    });
  }
  if (orphans.length > 20) {
    findings.push({
      kind: 'orphan',
      message: `…and ${orphans.length - 20} more orphaned records.`,
      fix: 'As above.',
    });
  }
  for (const [threadKey, thread] of threads) {
    const problem = describeSequence(thread);
    if (problem) {
      findings.push({
        kind: 'turn-sequence',
        message: `Thread ${threadKey.split('\u0000')[1]}: ${problem}.`,
        fix: 'The thread was changed outside exai or by a faulty adapter. Read its history before continuing it, or delete the thread.',
      });
    }
  }
  if (expiredThreads + expiredFiles > 0) {
    findings.push({
      kind: 'expired',
      message: `${expiredThreads} expired threads and ${expiredFiles} expired file records are still stored.`,
      fix: 'Run exai gc, or sweep them periodically with startExpirySweep from @exai/core.',
    });
  }
  return { findings, scanned };
}

function describeSequence({ turnCount, seqs }: ThreadState): string | undefined {
  const sorted = [...seqs].sort((a, b) => a - b);
  const gap = sorted.findIndex((seq, index) => seq !== index + 1);
  if (gap !== -1) return `turn sequence breaks at ${gap + 1} (found ${sorted[gap]})`;
  if (sorted.length !== turnCount) return `it counts ${turnCount} turns but holds ${sorted.length}`;
  return undefined;
}

/**
 * Migration problems only: edited, pending, newer than this exai, or migrated by the chain of
 * another store on the same dialect (one of `otherChains`: a Supabase schema opened as a
 * PostgreSQL store, or the reverse), which is one finding saying to open it as that store. Reads;
 * never migrates.
 */
export async function checkMigrations(
  driver: MigrationDriver,
  migrations: readonly Migration[],
  { otherChains = [] }: { otherChains?: readonly StoreMigrationChain[] } = {},
): Promise<StoreFinding[]> {
  const findings: StoreFinding[] = [];
  const rows = await driver.listApplied();
  const other = findOtherStoreMigrations(rows, migrations, otherChains);
  if (other !== undefined) {
    const { storeName, howToOpen } = other.chain;
    return [
      {
        kind: 'migration-other-store',
        message:
          `The database was migrated for the ${storeName} store: its migrations ${describeMigrationSteps(other.steps)} ` +
          `are that store's, not this one's.`,
        fix: `Open it as a ${storeName} store: ${howToOpen}. Do not migrate it as this one.`,
      },
    ];
  }
  const known = new Set(migrations.map((migration) => migration.version));
  for (const applied of rows) {
    if (!known.has(applied.version)) {
      findings.push({
        kind: 'migration-unknown',
        message: `The database has migration ${applied.version} (${applied.name}), which this exai does not know.`,
        fix: 'Upgrade exai to the version that wrote it.',
      });
    }
  }
  if (findings.length > 0) return findings;
  let statuses;
  try {
    statuses = await migrationStatus(driver, migrations);
  } catch (error) {
    if (MigrationUnknownVersionError.isInstance(error)) return findings;
    throw error;
  }
  for (const status of statuses) {
    if (status.state === 'changed') {
      findings.push({
        kind: 'migration-changed',
        message: `Migration ${status.version} (${status.name}) differs from the one applied to this database.`,
        fix: 'An applied migration must never be edited: restore its original text and add a new migration for the change.',
      });
    } else if (status.state === 'pending') {
      findings.push({
        kind: 'migration-pending',
        message: `Migration ${status.version} (${status.name}) is not applied.`,
        fix: 'Run exai migrate up.',
      });
    }
  }
  return findings;
}
