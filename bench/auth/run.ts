// What API-key authentication costs per request: verifying a key against the store every time
// (cacheTtlInMs 0) versus reusing a found key for 500 ms (the default), on SQLite (a temp file)
// and PostgreSQL (a schema of its own, dropped at the end), with the memory store as the floor.
// Prints microseconds per verification and the ratio uncached / cached, measured in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMemorySessionStore, type SessionStoreV1 } from '@exai/core';
import { createApiKeyVerifier, generateApiKey } from '@exai/server';
import { createPostgresSessionStore } from '@exai/storage/postgres';
import { createSqliteSessionStore } from '@exai/storage/sqlite';
import {
  benchPostgresUrl,
  dropBenchSchema,
  postgresUnreachableReason,
  redactUrl,
} from '../support/bench-postgres.js';

const verifications = Number(process.env.BENCH_VERIFICATIONS ?? 5000);
const postgresUrl = benchPostgresUrl();

async function measure(store: SessionStoreV1, cacheTtlInMs: number): Promise<number> {
  await store.createTenant({ id: `bench-${cacheTtlInMs}` }).catch(() => undefined);
  const generated = generateApiKey();
  await store.createApiKey({
    tenantId: `bench-${cacheTtlInMs}`,
    name: 'bench',
    prefix: generated.prefix,
    hash: generated.hash,
  });
  const verifier = createApiKeyVerifier({ store, cacheTtlInMs });
  for (let index = 0; index < 200; index += 1) await verifier.verify(generated.key); // warm-up
  const started = performance.now();
  for (let index = 0; index < verifications; index += 1) {
    const outcome = await verifier.verify(generated.key);
    if (!('caller' in outcome)) throw new Error(outcome.failure.message);
  }
  const microseconds = ((performance.now() - started) * 1000) / verifications;
  await verifier.close?.();
  return microseconds;
}

const directory = mkdtempSync(join(tmpdir(), 'exai-bench-auth-'));
const schema = `exai_bench_auth_${randomBytes(6).toString('hex')}`;
const subjects: Array<{ name: string; open: () => Promise<SessionStoreV1> }> = [
  { name: 'memory', open: async () => createMemorySessionStore() },
  { name: 'sqlite', open: () => createSqliteSessionStore({ path: join(directory, 'bench.db') }) },
];
const unreachable = await postgresUnreachableReason(postgresUrl);
const withPostgres = unreachable === undefined;
if (withPostgres)
  subjects.push({
    name: 'postgres',
    open: () => createPostgresSessionStore({ connectionString: postgresUrl, schema }),
  });
else console.warn(`SKIPPED postgres: ${redactUrl(postgresUrl)} is unreachable (${unreachable})`);

console.log(`API key verification, ${verifications} per row (µs per verification)\n`);
console.log('| store | every request asks the store | found key reused 500 ms | ratio |');
console.log('| --- | ---: | ---: | ---: |');
try {
  for (const subject of subjects) {
    const store = await subject.open();
    try {
      const uncached = await measure(store, 0);
      const cached = await measure(store, 500);
      console.log(
        `| ${subject.name} | ${uncached.toFixed(1)} | ${cached.toFixed(1)} | ${(uncached / cached).toFixed(1)}× |`,
      );
    } finally {
      await store.close();
    }
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
  if (withPostgres) await dropBenchSchema(postgresUrl, schema);
}
