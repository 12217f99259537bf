// The session store's hot paths on SQLite (a temp file) and PostgreSQL (a schema of its own,
// dropped at the end), against the memory adapter doing the same work in the same run:
// (a) append a turn, (b) load a 50-turn thread, (c) list a page of a tenant's 10,000 threads.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySessionStore } from '@exai/core';
import { createPostgresSessionStore } from '@exai/storage/postgres';
import { createSqliteSessionStore } from '@exai/storage/sqlite';
import pg from 'pg';
import { benchPostgresUrl, postgresUnreachableReason, redactUrl } from '../support/bench-postgres.js';
import {
  benchStores,
  type BenchSubject,
  type Latency,
  type StoreResults,
  type StoreSizes,
} from './store-workloads.js';

const sizes: StoreSizes = {
  appends: Number(process.env.BENCH_APPENDS ?? 2000),
  appendThreads: 100,
  loads: Number(process.env.BENCH_LOADS ?? 1000),
  loadThreads: 20,
  turnsPerThread: 50,
  listThreads: 10_000,
  listPageSize: 20,
  listLoads: Number(process.env.BENCH_LIST_LOADS ?? 1000),
  deepPage: 250,
  blocks: 10,
};
const postgresUrl = benchPostgresUrl();
const redactedPostgresUrl = redactUrl(postgresUrl);

/** Runs one statement with `search_path` on the bench's schema. */
async function onSchema(schema: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const unreachable = await postgresUnreachableReason(postgresUrl);
const schema = `exai_bench_${randomBytes(6).toString('hex')}`;
const sqliteDirectory = mkdtempSync(join(tmpdir(), 'exai-bench-store-'));
const subjects: BenchSubject[] = [{ name: 'memory', store: createMemorySessionStore() }];
const results = new Map<string, StoreResults>();
try {
  const sqliteStore = await createSqliteSessionStore({ path: join(sqliteDirectory, 'bench.db') });
  subjects.push({ name: 'sqlite', store: sqliteStore });
  if (unreachable === undefined) {
    const postgresStore = await createPostgresSessionStore({ connectionString: postgresUrl, schema });
    subjects.push({ name: 'postgres', store: postgresStore, afterSeed: () => onSchema(schema, 'analyze') });
  }
  const measured = await benchStores(subjects, sizes);
  subjects.forEach((subject, index) => results.set(subject.name, measured[index]!));
} finally {
  for (const { store } of subjects) await store.close();
  rmSync(sqliteDirectory, { recursive: true, force: true });
  if (unreachable === undefined) await onSchema(schema, `drop schema if exists "${schema}" cascade`);
}

const memory = results.get('memory')!;
const operations: Array<[name: string, pick: (result: StoreResults) => Latency]> = [
  ['(a) append a turn', (result) => result.append],
  [`(b) load a ${sizes.turnsPerThread}-turn thread`, (result) => result.load],
  [`(c) list threads, first page of ${sizes.listPageSize}`, (result) => result.firstPage],
  [`(c) list threads, page ${sizes.deepPage} by cursor`, (result) => result.deepPage],
];
const ms = (value: number): string => value.toFixed(3);

console.log(
  `bench/store — Node ${process.version}, ${cpus().length} CPUs; ${sizes.appends} sequential appends over ${sizes.appendThreads} threads, ` +
    `${sizes.loads} loads, ${sizes.listLoads} page reads per page out of ${sizes.listThreads} threads; ` +
    `adapters take turns in ${sizes.blocks} blocks per operation`,
);
console.log('');
console.log('| operation | adapter | p50 ms | p99 ms | p50 × memory | p99 × memory |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const [name, pick] of operations) {
  for (const [adapter, result] of results) {
    const latency = pick(result);
    const baseline = pick(memory);
    console.log(
      `| ${name} | ${adapter} | ${ms(latency.p50InMs)} | ${ms(latency.p99InMs)} | ${(latency.p50InMs / baseline.p50InMs).toFixed(1)} | ${(latency.p99InMs / baseline.p99InMs).toFixed(1)} |`,
    );
  }
}
console.log('');
for (const [adapter, result] of results) {
  console.log(
    `seeding ${sizes.listThreads} threads (one importRecords call), ${adapter}: ${result.seedListInMs.toFixed(0)} ms`,
  );
}
if (unreachable === undefined) {
  console.log(
    `PostgreSQL ${redactedPostgresUrl}, schema ${schema} (dropped); ANALYZEd after seeding, as autovacuum soon would.`,
  );
} else {
  console.log(`PostgreSQL skipped: ${redactedPostgresUrl} is unreachable (${unreachable}).`);
}
console.log('');

const verdict = (label: string, value: number, target: number): void =>
  console.log(`${label}: ${ms(value)} ms (target < ${target} ms) — ${value < target ? 'PASS' : 'MISS'}`);
const sqlite = results.get('sqlite')!;
verdict('SQLite append p50', sqlite.append.p50InMs, 0.2);
verdict(`SQLite ${sizes.turnsPerThread}-turn load p50`, sqlite.load.p50InMs, 2);
const postgres = results.get('postgres');
if (postgres === undefined) console.log('PostgreSQL append p50: skipped (PostgreSQL unreachable)');
else verdict('PostgreSQL append p50 on loopback', postgres.append.p50InMs, 2);
