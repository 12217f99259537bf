// The cost of keeping every SSE event for `Last-Event-ID` resumption: one `appendStreamEvent` per
// event (with the per-stream cap of 1000 trimming the oldest), on SQLite (a temp file) and
// PostgreSQL (a schema of its own, dropped at the end), against the memory adapter in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStore, type SessionStoreV1 } from '@exai/core';
import { createPostgresSessionStore } from '@exai/storage/postgres';
import { createSqliteSessionStore } from '@exai/storage/sqlite';
import { benchPostgresUrl, dropBenchSchema } from '../support/bench-postgres.js';

const events = Number(process.env.BENCH_EVENTS ?? 3000);
const maxEventsPerStream = 1000;
const postgresUrl = benchPostgresUrl();
const message = {
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 'p', progress: 1, message: 'streaming 1234 tokens' },
};

async function perEvent(
  store: SessionStoreV1,
): Promise<{ meanInUs: number; p50InUs: number; p99InUs: number }> {
  const times: number[] = [];
  const expiresAt = new Date(Date.now() + 3_600_000);
  for (let index = 0; index < events; index += 1) {
    const started = process.hrtime.bigint();
    await store.appendStreamEvent({
      tenantId: 'default',
      streamId: 'bench',
      message,
      expiresAt,
      maxEventsPerStream,
    });
    times.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  return {
    meanInUs: mean,
    p50InUs: times[Math.floor(times.length / 2)]!,
    p99InUs: times[Math.floor(times.length * 0.99)]!,
  };
}

const results: Record<string, { meanInUs: number; p50InUs: number; p99InUs: number }> = {};
results.memory = await perEvent(createMemorySessionStore());

const directory = mkdtempSync(join(tmpdir(), 'exai-bench-events-'));
try {
  const sqlite = await createSqliteSessionStore({ path: join(directory, 'bench.db') });
  results.sqlite = await perEvent(sqlite);
  await sqlite.close();
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const schema = `exai_bench_${randomBytes(6).toString('hex')}`;
try {
  const postgres = await createPostgresSessionStore({
    connectionString: postgresUrl,
    schema,
    pool: { max: 2 },
  });
  results.postgres = await perEvent(postgres);
  await postgres.close();
} catch (error) {
  console.warn(`!!! SKIPPED PostgreSQL: ${(error as Error).message} !!!`);
} finally {
  await dropBenchSchema(postgresUrl, schema);
}

const baseline = results.memory.meanInUs;
console.log(`appendStreamEvent, ${events} events on one stream (cap ${maxEventsPerStream}):`);
for (const [name, result] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(8)} mean ${result.meanInUs.toFixed(1)} µs  p50 ${result.p50InUs.toFixed(1)} µs  ` +
      `p99 ${result.p99InUs.toFixed(1)} µs  (${(result.meanInUs / baseline).toFixed(1)}× memory)`,
  );
}
