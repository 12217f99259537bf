// npm run drill:recovery — the recovery drill against a real PostgreSQL (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test), printing RTO and RPO. Each run works in databases of
// its own (exai_drill_<random>_primary / _restored) and drops them at the end.
//
// DRILL_WRITES_PER_SECOND (default 50), DRILL_BACKUP_INTERVAL_MS (3000), DRILL_BACKUPS (3),
// DRILL_SEED_THREADS (2000), DRILL_PRODUCTION_INTERVAL_MINUTES (15).
import { benchPostgresUrl, postgresUnreachableReason, redactUrl } from '../support/bench-postgres.js';
import { runRecoveryDrill } from './recovery-drill.js';

const url = benchPostgresUrl();
const reason = await postgresUnreachableReason(url);
if (reason !== undefined) {
  console.error(`PostgreSQL at ${redactUrl(url)} is unreachable (${reason}); start it or set DATABASE_URL.`);
  process.exit(1);
}

const writesPerSecond = Number(process.env.DRILL_WRITES_PER_SECOND ?? 50);
const backupIntervalInMs = Number(process.env.DRILL_BACKUP_INTERVAL_MS ?? 3000);
const productionMinutes = Number(process.env.DRILL_PRODUCTION_INTERVAL_MINUTES ?? 15);
const result = await runRecoveryDrill({
  serverUrl: url,
  writesPerSecond,
  backupIntervalInMs,
  backupsBeforeDisaster: Number(process.env.DRILL_BACKUPS ?? 3),
  productionIntervalInMs: productionMinutes * 60_000,
  seedThreads: Number(process.env.DRILL_SEED_THREADS ?? 2000),
  log: (line) => console.log(`  ${line}`),
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const equal = JSON.stringify(result.restoredSnapshot) === JSON.stringify(result.backupSnapshot);
const restoreRate = result.restoredRecords / Math.max(0.001, result.recovery.restoreInMs / 1000);
console.log(`
recovery drill on ${redactUrl(url)} (Node ${process.version})
  load: ${writesPerSecond} writes/s; backups every ${backupIntervalInMs} ms; ${result.backupsTaken} backups before the disaster
  last backup: ${result.lastBackup.records} records, taken in ${result.lastBackup.durationInMs} ms
  restored store equals the backup: ${equal ? 'yes' : 'NO'}

RTO (database dropped -> first read answered): ${seconds(result.rtoInMs)}   target < 1 h
  find + verify the newest backup ${seconds(result.recovery.findBackupInMs)}, create + migrate the database ${seconds(result.recovery.createDatabaseInMs)},
  restore ${seconds(result.recovery.restoreInMs)} (${Math.round(restoreRate)} records/s), first read ${seconds(result.recovery.firstReadInMs)}
  (meanwhile the dead store's writers and backups gave up after ${seconds(result.recovery.stopOldStoreInMs)})
  at that rate, 1,000,000 records restore in about ${seconds((1_000_000 / restoreRate) * 1000)}

RPO: ${result.writesLost.length} of ${result.writesAcknowledged} acknowledged writes lost (${result.writesAfterLastBackup} came after the last backup started; ${result.writesLostBeforeLastBackup} before it)
  loss window ${seconds(result.lossWindowInMs)} (the last good backup started that long before the database was gone) = ${result.rpo.drillMinutesOfWrites.toFixed(4)} min of writes at ${writesPerSecond}/s
  the loss window is the age of the newest backup: at most one interval plus one backup run (here ${seconds(result.rpo.backupDurationInMs)} at most)
  at --every ${productionMinutes}m: up to ${result.rpo.worstCaseProductionMinutes.toFixed(2)} min of writes lost, ${result.rpo.averageProductionMinutes.toFixed(2)} min on average   target < 15 min: ${result.rpo.worstCaseProductionMinutes < 15 ? 'met' : 'not met in the worst case; use a shorter --every or WAL archiving (docs/recovery.md)'}
`);
if (!equal || result.writesLostBeforeLastBackup > 0) process.exit(1);
