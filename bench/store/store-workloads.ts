// The three measured operations, run the same way against any SessionStoreV1. The adapters take
// turns in blocks, so a noisy moment on the machine falls on all of them alike.
import type { SessionStoreV1, StoreRecord, ThreadRecord, TurnRecord } from '@exai/core';
import { percentile } from '../support/measure.js';

export interface Latency {
  p50InMs: number;
  p99InMs: number;
}

export interface StoreSizes {
  appends: number;
  appendThreads: number;
  loads: number;
  loadThreads: number;
  turnsPerThread: number;
  listThreads: number;
  listPageSize: number;
  listLoads: number;
  /** The deep page is this many pages in. */
  deepPage: number;
  /** Each measurement is split into this many blocks, the adapters taking turns. */
  blocks: number;
}

export interface BenchSubject {
  name: string;
  store: SessionStoreV1;
  /** Runs after seeding, before measuring (PostgreSQL: ANALYZE, as autovacuum soon would). */
  afterSeed?: () => Promise<void>;
}

export interface StoreResults {
  append: Latency;
  load: Latency;
  firstPage: Latency;
  deepPage: Latency;
  /** How long importing the listing tenant's threads took (one `importRecords` call). */
  seedListInMs: number;
}

type Call = (index: number) => Promise<unknown>;

const defaultTenant = 'default';
const listTenant = 'bench-list';
const epoch = Date.parse('2030-01-01T00:00:00Z');
// About what one turn of a review conversation holds.
const turnContent = 'The change looks right; one question about the retry loop. '.repeat(17);

function threadRecord(tenantId: string, id: string, at: number, turnCount = 0): ThreadRecord {
  return {
    tenantId,
    id,
    title: `thread ${id}`,
    createdAt: new Date(at),
    updatedAt: new Date(at + turnCount),
    expiresAt: undefined,
    turnCount,
    metadata: {},
  };
}

function turnRecord(threadId: string, seq: number, at: number): TurnRecord {
  return {
    tenantId: defaultTenant,
    threadId,
    seq,
    role: seq % 2 === 1 ? 'user' : 'assistant',
    content: turnContent,
    toolName: 'chat',
    model: seq % 2 === 1 ? undefined : 'bench:model',
    files: seq % 2 === 1 ? ['src/index.ts'] : [],
    idempotencyKey: `seed-${threadId}-${seq}`,
    createdAt: new Date(at),
    metadata: {},
  };
}

/** Threads to append to, threads of `turnsPerThread` turns, and a tenant of `listThreads` threads. */
async function seed(store: SessionStoreV1, sizes: StoreSizes): Promise<{ seedListInMs: number }> {
  for (let index = 0; index < sizes.appendThreads; index++) {
    await store.createThread({ tenantId: defaultTenant, id: `append-${index}`, title: 'append bench' });
  }
  const loadRecords: StoreRecord[] = [];
  for (let index = 0; index < sizes.loadThreads; index++) {
    const id = `load-${index}`;
    loadRecords.push({
      type: 'thread',
      record: threadRecord(defaultTenant, id, epoch, sizes.turnsPerThread),
    });
    for (let seq = 1; seq <= sizes.turnsPerThread; seq++) {
      loadRecords.push({ type: 'turn', record: turnRecord(id, seq, epoch + seq) });
    }
  }
  await store.importRecords(loadRecords);

  const now = Date.now();
  const listRecords: StoreRecord[] = [
    {
      type: 'tenant',
      record: { id: listTenant, name: 'bench', createdAt: new Date(now), disabled: false, settings: {} },
    },
  ];
  for (let index = 0; index < sizes.listThreads; index++) {
    listRecords.push({
      type: 'thread',
      record: threadRecord(listTenant, `list-${index}`, now - index * 1_000),
    });
  }
  const startedAt = performance.now();
  const imported = await store.importRecords(listRecords);
  const seedListInMs = performance.now() - startedAt;
  if (imported.imported.thread !== sizes.listThreads) throw new Error(`${store.kind}: seeding failed`);
  return { seedListInMs };
}

/** (a) Sequential appends spread over threads, each with an idempotency key as the server sends. */
const append =
  (store: SessionStoreV1, sizes: StoreSizes, prefix: string): Call =>
  (index) =>
    store.appendTurn({
      tenantId: defaultTenant,
      threadId: `append-${index % sizes.appendThreads}`,
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: turnContent,
      toolName: 'chat',
      idempotencyKey: `${prefix}-${index}`,
    });

/** (b) `getThread` + `listTurns` of a thread holding `turnsPerThread` turns. */
const load =
  (store: SessionStoreV1, sizes: StoreSizes): Call =>
  async (index) => {
    const threadId = `load-${index % sizes.loadThreads}`;
    const thread = await store.getThread(defaultTenant, threadId);
    const turns = await store.listTurns(defaultTenant, threadId);
    if (thread === undefined || turns.length !== sizes.turnsPerThread) {
      throw new Error(`${store.kind}: thread ${threadId} loaded ${turns.length} turns`);
    }
  };

/** (c) One page of the listing tenant's threads, at `cursor`. */
const listPage =
  (store: SessionStoreV1, sizes: StoreSizes, cursor: string | undefined): Call =>
  async () => {
    const page = await store.listThreads(listTenant, { limit: sizes.listPageSize, cursor });
    if (page.items.length !== sizes.listPageSize) {
      throw new Error(`${store.kind}: a page held ${page.items.length} threads`);
    }
  };

async function deepCursor(store: SessionStoreV1, sizes: StoreSizes): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 1; page < sizes.deepPage; page++) {
    cursor = (await store.listThreads(listTenant, { limit: sizes.listPageSize, cursor })).nextCursor;
  }
  return cursor;
}

/**
 * Runs `total` sequential calls per subject after one warm-up block each, in `blocks` blocks with
 * the subjects taking turns, and returns each subject's p50/p99.
 */
async function interleaved(
  calls: Call[],
  warmUps: Call[],
  total: number,
  blocks: number,
): Promise<Latency[]> {
  const perBlock = Math.ceil(total / blocks);
  for (const call of warmUps) for (let index = 0; index < perBlock; index++) await call(index);
  const samples = calls.map(() => [] as number[]);
  for (let block = 0; block < blocks; block++) {
    for (const [subject, call] of calls.entries()) {
      for (let index = block * perBlock; index < Math.min(total, (block + 1) * perBlock); index++) {
        const startedAt = performance.now();
        await call(index);
        samples[subject]!.push(performance.now() - startedAt);
      }
    }
  }
  return samples.map((latencies) => ({
    p50InMs: percentile(latencies, 0.5),
    p99InMs: percentile(latencies, 0.99),
  }));
}

/** Seeds each (empty) subject the same way, then measures (a), (b) and (c) on all of them. */
export async function benchStores(subjects: BenchSubject[], sizes: StoreSizes): Promise<StoreResults[]> {
  const seeded: Array<{ seedListInMs: number; deepCursor: string | undefined }> = [];
  for (const { store, afterSeed } of subjects) {
    const { seedListInMs } = await seed(store, sizes);
    await afterSeed?.();
    seeded.push({ seedListInMs, deepCursor: await deepCursor(store, sizes) });
  }
  const stores = subjects.map((subject) => subject.store);
  const { blocks } = sizes;
  const appends = await interleaved(
    stores.map((store) => append(store, sizes, 'measured')),
    stores.map((store) => append(store, sizes, 'warm-up')),
    sizes.appends,
    blocks,
  );
  const loads = await interleaved(
    stores.map((store) => load(store, sizes)),
    stores.map((store) => load(store, sizes)),
    sizes.loads,
    blocks,
  );
  const firstPages = await interleaved(
    stores.map((store) => listPage(store, sizes, undefined)),
    stores.map((store) => listPage(store, sizes, undefined)),
    sizes.listLoads,
    blocks,
  );
  const deepPages = await interleaved(
    stores.map((store, index) => listPage(store, sizes, seeded[index]!.deepCursor)),
    stores.map((store, index) => listPage(store, sizes, seeded[index]!.deepCursor)),
    sizes.listLoads,
    blocks,
  );
  return subjects.map((_, index) => ({
    append: appends[index]!,
    load: loads[index]!,
    firstPage: firstPages[index]!,
    deepPage: deepPages[index]!,
    seedListInMs: seeded[index]!.seedListInMs,
  }));
}
