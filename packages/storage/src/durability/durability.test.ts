import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionStoreV1 } from '@exai/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresSessionStore } from '../postgres/create-postgres-session-store.js';
import { probePostgres, useTestSchemas } from '../postgres/test-support/postgres-test-database.js';
import { createSqliteSessionStore } from '../sqlite/create-sqlite-session-store.js';
import { runAppenderUntilKilled, type KilledRun } from './durability-runner.js';
import { contentForKey, idempotencyKeyFor, type DurabilityWorkload } from './durability-workload.js';

const postgres = await probePostgres();
const tenantId = 'default';
const threadId = 'crash-thread';
const total = 200;
const killAfterAcks = 60;
// 8 bursts of 25, 100 ms apart: the kill comes in the third burst, with appends in flight and most not begun.
const pacing = { total, burstSize: 25, burstIntervalInMs: 100 };
const testTimeoutInMs = 180_000;

const tmpDir = mkdtempSync(join(tmpdir(), 'exai-durability-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

async function killMidway(workload: DurabilityWorkload): Promise<KilledRun> {
  const run = await runAppenderUntilKilled({ workload, killAfterAcks });
  expect(run.signal, `the appender ended by itself (exit ${run.exitCode}):\n${run.stderr}`).toBe('SIGKILL');
  expect(run.acksAtKill).toBeGreaterThanOrEqual(killAfterAcks);
  expect(run.acks.length, 'the kill came after every append; nothing was cut short').toBeLessThan(total);
  return run;
}

/** What a store must show after the process appending to it was killed. */
async function expectIntactAfterKill(store: SessionStoreV1, { acks }: KilledRun): Promise<void> {
  const turns = await store.listTurns(tenantId, threadId);
  const thread = await store.getThread(tenantId, threadId);
  const n = turns.length;

  // Exactly seq 1..n: no gap, no duplicate; at least everything acknowledged, at most everything sent.
  expect(turns.map((turn) => turn.seq)).toEqual(Array.from({ length: n }, (_, index) => index + 1));
  expect(n).toBeGreaterThanOrEqual(acks.length);
  expect(n).toBeLessThanOrEqual(total);

  // Nothing half-written: each turn is one of the keys sent, once, with that key's whole content.
  const sentKeys = new Set(Array.from({ length: total }, (_, index) => idempotencyKeyFor(index)));
  const keys = turns.map((turn) => turn.idempotencyKey);
  expect(new Set(keys).size).toBe(n);
  for (const turn of turns) {
    expect(sentKeys.has(turn.idempotencyKey!), `unknown key ${turn.idempotencyKey}`).toBe(true);
    expect(turn.content, `content of ${turn.idempotencyKey}`).toBe(contentForKey(turn.idempotencyKey!));
    expect(turn).toMatchObject({ tenantId, threadId, role: 'user' });
  }

  // Every acknowledged append is there, at the seq it was acknowledged with.
  const bySeq = new Map(turns.map((turn) => [turn.seq, turn]));
  for (const ack of acks) {
    expect(bySeq.get(ack.seq)?.idempotencyKey, `ack ${ack.key} at seq ${ack.seq}`).toBe(ack.key);
  }

  // The thread agrees with its turns.
  expect(thread).toBeDefined();
  expect(thread!.turnCount).toBe(n);
  if (n > 0) expect(thread!.updatedAt.getTime()).toBe(turns[n - 1]!.createdAt.getTime());
  expect(await store.listTurns(tenantId, threadId, { afterSeq: n })).toEqual([]);
}

/** Idempotency survives the restart, and appending carries on from seq n + 1. */
async function expectAppendsResume(store: SessionStoreV1, { acks }: KilledRun): Promise<void> {
  const n = (await store.getThread(tenantId, threadId))!.turnCount;
  const resent = [acks[0]!, acks[Math.floor(acks.length / 2)]!, acks[acks.length - 1]!];
  for (const ack of resent) {
    const result = await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: 'a retry after the restart',
      idempotencyKey: ack.key,
    });
    expect(result.created, `re-sent ${ack.key}`).toBe(false);
    expect(result.turn.seq).toBe(ack.seq);
    expect(result.turn.content).toBe(contentForKey(ack.key));
  }
  expect((await store.getThread(tenantId, threadId))!.turnCount).toBe(n);

  const next = await store.appendTurn({
    tenantId,
    threadId,
    role: 'user',
    content: 'after the restart',
    idempotencyKey: 'after-restart',
  });
  expect(next).toMatchObject({ created: true, turn: { seq: n + 1 } });
  expect((await store.getThread(tenantId, threadId))!.turnCount).toBe(n + 1);
}

describe('durability: SIGKILL during concurrent appends', () => {
  it(
    'SQLite keeps every acknowledged append, whole, with seq 1..n and working idempotency',
    async () => {
      const path = join(tmpDir, 'killed.db');
      const run = await killMidway({ store: { kind: 'sqlite', path }, tenantId, threadId, ...pacing });

      const reopened = await createSqliteSessionStore({ path });
      try {
        await expectIntactAfterKill(reopened, run);
        await expectAppendsResume(reopened, run);
      } finally {
        await reopened.close();
      }
    },
    testTimeoutInMs,
  );

  describe.skipIf(!postgres.available)('PostgreSQL', () => {
    const createSchema = useTestSchemas({ prefix: 'exai_durability' });

    it(
      'keeps every acknowledged append, whole, with seq 1..n and working idempotency',
      async () => {
        const { url, schema, pool } = await createSchema();
        // The appender's connections carry a name of their own, so we can tell when they are all gone.
        const applicationName = `${schema}_appender`;
        const appenderUrl = new URL(url);
        appenderUrl.searchParams.set('application_name', applicationName);
        const run = await killMidway({
          store: { kind: 'postgres', connectionString: appenderUrl.toString(), schema },
          tenantId,
          threadId,
          ...pacing,
        });

        // A COMMIT sent just before the kill still completes on the server: wait until every
        // connection of the dead process has ended, so what we read next is final.
        await vi.waitFor(
          async () => {
            const result = await pool.query<{ count: number }>(
              'select count(*)::int as count from pg_stat_activity where application_name = $1',
              [applicationName],
            );
            expect(result.rows[0]!.count).toBe(0);
          },
          { timeout: 30_000, interval: 100 },
        );

        const reopened = await createPostgresSessionStore({
          connectionString: url,
          schema,
          pool: { max: 2 },
        });
        try {
          await expectIntactAfterKill(reopened, run);
          await expectAppendsResume(reopened, run);
        } finally {
          await reopened.close();
        }
      },
      testTimeoutInMs,
    );
  });
});
