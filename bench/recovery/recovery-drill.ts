// The recovery drill: a PostgreSQL store under a steady write load with scheduled backups is
// destroyed (its database dropped), and the newest verified backup is restored into a fresh
// database. Measures RTO (destruction to serving reads again) and RPO (acknowledged writes lost).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionStoreV1, StoreRecord } from '@exai/core';
import { findLatestBackup, readBackup, restoreBackup, runScheduledBackups } from '@exai/storage';
import { createPostgresSessionStore } from '@exai/storage/postgres';
import { createDrillDatabase, drillRunId, type DrillDatabase } from './drill-database.js';
import { startWriteLoad, type AcknowledgedWrite } from './drill-write-load.js';

export interface RecoveryDrillOptions {
  /** A PostgreSQL server where the drill may create and drop databases of its own. */
  serverUrl: string;
  writesPerSecond: number;
  /** The drill's backup interval: short, so a drill takes seconds. */
  backupIntervalInMs: number;
  /** Backups completed before the disaster. */
  backupsBeforeDisaster: number;
  /** The interval production runs (`exai backup --every`), for scaling the RPO. */
  productionIntervalInMs: number;
  /** Threads (of 5 turns) written before the load starts, so a backup has some weight. */
  seedThreads?: number;
  log?: (line: string) => void;
}

export interface RecoveryDrillResult {
  seededRecords: number;
  backupsTaken: number;
  lastBackup: { path: string; records: number; createdAt: string; durationInMs: number };
  writesAcknowledged: number;
  writesAfterLastBackup: number;
  writesLost: AcknowledgedWrite[];
  /** Acknowledged writes before the last backup started that the restored store lacks: must be 0. */
  writesLostBeforeLastBackup: number;
  /** From the start of the last good backup to the destruction: the drill's window of loss. */
  lossWindowInMs: number;
  /** Each phase of the recovery, and RTO, their sum: destruction to the first read answered. */
  recovery: {
    /** Until the dead store's writers and backup schedule gave up (in parallel, not part of RTO). */
    stopOldStoreInMs: number;
    findBackupInMs: number;
    createDatabaseInMs: number;
    restoreInMs: number;
    firstReadInMs: number;
  };
  rtoInMs: number;
  restoredRecords: number;
  /** The restored store's records and the backup's, canonical and sorted, for comparing. */
  restoredSnapshot: string[];
  backupSnapshot: string[];
  rpo: {
    /** Writes lost, as minutes of the drill's write load. */
    drillMinutesOfWrites: number;
    /** The slowest backup run of the drill: a disaster loses the run under way too. */
    backupDurationInMs: number;
    /** At the production interval P with backups taking D: a disaster loses up to P + D of writes… */
    worstCaseProductionMinutes: number;
    /** …and P / 2 + D on average over when it strikes. */
    averageProductionMinutes: number;
  };
}

/** A record as canonical JSON (sorted keys, dates as ISO strings); `default`'s creation time left out. */
function canonicalRecord(entry: StoreRecord): string {
  const record: Record<string, unknown> = { ...entry.record };
  if (entry.type === 'tenant' && record.id === 'default') delete record.createdAt;
  const sort = (value: unknown): unknown =>
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? value.map(sort)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .filter(([, field]) => field !== undefined)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([key, field]) => [key, sort(field)]),
            )
          : value;
  return JSON.stringify({ type: entry.type, record: sort(record) });
}

async function snapshot(records: AsyncIterable<StoreRecord | { format: string }>): Promise<string[]> {
  const lines: string[] = [];
  for await (const item of records) if (!('format' in item)) lines.push(canonicalRecord(item));
  return lines.sort();
}

async function seed(store: SessionStoreV1, threads: number): Promise<void> {
  for (let index = 0; index < threads; index++) {
    const thread = await store.createThread({ tenantId: 'default', title: `seed ${index}` });
    for (let turn = 1; turn <= 5; turn++) {
      await store.appendTurn({
        tenantId: 'default',
        threadId: thread.id,
        role: turn % 2 === 1 ? 'user' : 'assistant',
        content: `seed turn ${turn}: ${'lorem ipsum '.repeat(40)}`,
      });
    }
  }
}

export async function runRecoveryDrill({
  serverUrl,
  writesPerSecond,
  backupIntervalInMs,
  backupsBeforeDisaster,
  productionIntervalInMs,
  seedThreads = 200,
  log = () => undefined,
}: RecoveryDrillOptions): Promise<RecoveryDrillResult> {
  const runId = drillRunId();
  const directory = mkdtempSync(join(tmpdir(), `${runId}-`));
  const databases: DrillDatabase[] = [];
  try {
    const primary = await createDrillDatabase(serverUrl, `${runId}_primary`);
    databases.push(primary);
    const store = await createPostgresSessionStore({ connectionString: primary.url });
    await seed(store, seedThreads);
    log(`seeded ${seedThreads} threads of 5 turns into ${primary.name}`);

    const load = startWriteLoad({ store, writesPerSecond });
    const backups: Array<{ path: string; records: number; createdAt: string; durationInMs: number }> = [];
    const controller = new AbortController();
    const schedule = runScheduledBackups({
      store,
      directory,
      intervalInMs: backupIntervalInMs,
      keep: 3,
      signal: controller.signal,
      onBackup: ({ path, records, header, durationInMs }) => {
        backups.push({ path, records, createdAt: header.createdAt, durationInMs });
        log(`backup ${backups.length}: ${records} records in ${durationInMs} ms`);
      },
    });
    while (backups.length < backupsBeforeDisaster) await sleep(20);
    // The disaster strikes part-way through the next interval, with writes since the last backup.
    await sleep(backupIntervalInMs * 0.6);

    await primary.drop();
    const destroyedAt = Date.now();
    log(`dropped ${primary.name} (the disaster)`);
    // The dead store's writers and backups give up on their own (retries, then the breaker);
    // recovery does not wait for them, as an operator would not.
    const stopping = (async () => {
      controller.abort();
      await Promise.all([load.stop(), schedule]);
      await store.close();
      return Date.now() - destroyedAt;
    })();

    // Recovery: the newest verified backup into a fresh database, until a read is answered.
    const started = Date.now();
    const latest = await findLatestBackup({ directory });
    const found = Date.now();
    const replacement = await createDrillDatabase(serverUrl, `${runId}_restored`);
    databases.push(replacement);
    const restored = await createPostgresSessionStore({ connectionString: replacement.url });
    const created = Date.now();
    await restoreBackup({ store: restored, path: latest.path, verified: latest });
    const loaded = Date.now();
    await restored.listThreads('default', { limit: 20 });
    const served = Date.now();
    const stopOldStoreInMs = await stopping;
    const acknowledged = load.writes.filter((write) => write.acknowledgedAt <= destroyedAt);

    try {
      // Two backups started within one second share a name: the file holds the later one.
      const lastBackup = [...backups].reverse().find((backup) => backup.path === latest.path)!;
      const restoredSnapshot = await snapshot(restored.exportRecords());
      const backupSnapshot = await snapshot(readBackup(latest.path));
      const present = new Set(
        restoredSnapshot.map((line) => {
          const { type, record } = JSON.parse(line) as {
            type: string;
            record: { id?: string; threadId?: string; seq?: number };
          };
          return type === 'thread'
            ? `${record.id}#0`
            : type === 'turn'
              ? `${record.threadId}#${record.seq}`
              : '';
        }),
      );
      const lastStart = Date.parse(lastBackup.createdAt);
      const lost = acknowledged.filter((write) => !present.has(`${write.threadId}#${write.seq}`));
      const lossWindowInMs = destroyedAt - lastStart;
      const maxBackupInMs = Math.max(...backups.map((backup) => backup.durationInMs));
      return {
        seededRecords: seedThreads * 6,
        backupsTaken: backups.length,
        lastBackup,
        writesAcknowledged: acknowledged.length,
        writesAfterLastBackup: acknowledged.filter((write) => write.acknowledgedAt >= lastStart).length,
        writesLost: lost,
        writesLostBeforeLastBackup: lost.filter((write) => write.acknowledgedAt < lastStart).length,
        lossWindowInMs,
        recovery: {
          stopOldStoreInMs,
          findBackupInMs: found - started,
          createDatabaseInMs: created - found,
          restoreInMs: loaded - created,
          firstReadInMs: served - loaded,
        },
        rtoInMs: served - destroyedAt,
        restoredRecords: restoredSnapshot.length,
        restoredSnapshot,
        backupSnapshot,
        rpo: {
          drillMinutesOfWrites: lost.length / writesPerSecond / 60,
          backupDurationInMs: maxBackupInMs,
          worstCaseProductionMinutes: (productionIntervalInMs + maxBackupInMs) / 60_000,
          averageProductionMinutes: (productionIntervalInMs / 2 + maxBackupInMs) / 60_000,
        },
      };
    } finally {
      await restored.close();
    }
  } finally {
    for (const database of databases.reverse()) await database.drop().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
}
