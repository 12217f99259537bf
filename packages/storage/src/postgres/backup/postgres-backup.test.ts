import type { StoreRecord } from '@exai/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresStoreSubject,
  type PostgresStoreSubject,
} from '../test-support/postgres-store-subject.js';
import { probePostgres } from '../test-support/postgres-test-database.js';
import { exportBatchSize } from './export-records.js';
import { importBatchSize } from './import-records.js';

const postgres = await probePostgres();
const at = new Date('2025-01-01T00:00:00.000Z');

function* conversation(turns: number): Generator<StoreRecord> {
  const tenantId = 'default';
  yield {
    type: 'thread',
    record: {
      tenantId,
      id: 'long',
      title: 'long',
      createdAt: at,
      updatedAt: at,
      expiresAt: undefined,
      turnCount: turns,
      metadata: {},
    },
  };
  for (let seq = 1; seq <= turns; seq += 1) {
    yield {
      type: 'turn',
      record: {
        tenantId,
        threadId: 'long',
        seq,
        role: seq % 2 === 1 ? 'user' : 'assistant',
        content: `turn ${seq}`,
        toolName: undefined,
        model: undefined,
        files: [],
        idempotencyKey: `k${seq}`,
        createdAt: at,
        metadata: {},
      },
    };
  }
}

describe.skipIf(!postgres.available)('PostgreSQL export and import in batches', () => {
  let subject: PostgresStoreSubject | undefined;

  afterEach(async () => {
    await subject?.store.close();
    await subject?.cleanup();
    subject = undefined;
  });

  it('imports and exports more rows than one batch holds, each exactly once and in key order', async () => {
    subject = await createPostgresStoreSubject();
    const { store } = subject;
    const turns = Math.max(exportBatchSize, importBatchSize) * 2 + 7;
    const result = await store.importRecords(conversation(turns));
    expect(result).toEqual({ imported: { thread: 1, turn: turns }, skipped: {} });

    const exported: StoreRecord[] = [];
    for await (const record of store.exportRecords()) exported.push(record);
    const seqs = exported.flatMap((entry) => (entry.type === 'turn' ? [entry.record.seq] : []));
    expect(seqs).toEqual(Array.from({ length: turns }, (_, index) => index + 1));
    expect(
      (await store.appendTurn({ tenantId: 'default', threadId: 'long', role: 'user', content: 'x' })).turn
        .seq,
    ).toBe(turns + 1);
  });

  it('ends the snapshot and gives the connection back when a reader stops early', async () => {
    subject = await createPostgresStoreSubject({ pool: { max: 1 } });
    const { store } = subject;
    await store.importRecords(conversation(3));
    for await (const record of store.exportRecords()) {
      expect(record.type).toBe('tenant');
      break;
    }
    // With one connection, a snapshot left open would make this write fail (read-only) or never run.
    await store.createThread({ tenantId: 'default', id: 'after-export' });
    expect(await store.getThread('default', 'after-export')).toMatchObject({ turnCount: 0 });
  });
});
