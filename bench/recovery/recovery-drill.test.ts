import { describe, expect, it } from 'vitest';
import { benchPostgresUrl, postgresUnreachableReason, redactUrl } from '../support/bench-postgres.js';
import { runRecoveryDrill } from './recovery-drill.js';

const url = benchPostgresUrl();
const unreachable = await postgresUnreachableReason(url);
if (unreachable !== undefined) {
  const line = `PostgreSQL at ${redactUrl(url)} is unreachable (${unreachable})`;
  if (process.env.CI === 'true')
    throw new Error(`${line}. CI=true, so the recovery drill cannot be skipped.`);
  console.warn(
    `\n!!! SKIPPING POSTGRESQL RECOVERY DRILL: ${line}. Start PostgreSQL or set DATABASE_URL. !!!\n`,
  );
}

describe.skipIf(unreachable !== undefined)('recovery drill on PostgreSQL', () => {
  it('restores the newest backup into a fresh database: exactly what the backup held, losing only writes after it', async () => {
    const result = await runRecoveryDrill({
      serverUrl: url,
      writesPerSecond: 40,
      backupIntervalInMs: 500,
      backupsBeforeDisaster: 2,
      productionIntervalInMs: 15 * 60_000,
      seedThreads: 30,
    });
    expect(result.backupsTaken).toBeGreaterThanOrEqual(2);
    // The restored store holds exactly the backup's records: nothing missing, nothing extra.
    expect(result.restoredSnapshot).toEqual(result.backupSnapshot);
    expect(result.restoredRecords).toBe(result.lastBackup.records);
    expect(result.restoredRecords).toBeGreaterThanOrEqual(result.seededRecords);
    // Every write acknowledged before the last backup started survived; the ones lost came after.
    expect(result.writesLostBeforeLastBackup).toBe(0);
    expect(result.writesLost.length).toBeLessThanOrEqual(result.writesAfterLastBackup);
    expect(result.writesAcknowledged).toBeGreaterThan(result.writesAfterLastBackup);
  }, 60_000);
});
