import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TENANT_ID,
  type ImportResult,
  type StoreRecord,
  type StoreRecordType,
} from '../session-store/v1/index.js';
import { RecordExistsError } from '../errors/record-exists-error.js';
import type { ContractContext } from './contract-context.js';
import { handWrittenRecords, populateStore, populatedCounts } from './contract-backup-fixtures.js';
import { collectRecords, countByType, expectRejection, normalizeRecords } from './contract-helpers.js';

/** An `ImportResult` half without zero counts, as adapters may leave them out or not. */
function counts(part: ImportResult['imported']): Record<string, number> {
  return Object.fromEntries(Object.entries(part).filter(([, count]) => count !== undefined && count > 0));
}

function withoutDefaultTenant(records: readonly StoreRecord[]): StoreRecord[] {
  return records.filter((entry) => !(entry.type === 'tenant' && entry.record.id === DEFAULT_TENANT_ID));
}

const seqTime = new Date(Date.UTC(2024, 4, 1, 8, 0, 0, 0));

function seqThread(id: string, turnCount: number): StoreRecord {
  return {
    type: 'thread',
    record: {
      tenantId: DEFAULT_TENANT_ID,
      id,
      title: undefined,
      createdAt: seqTime,
      updatedAt: seqTime,
      expiresAt: undefined,
      turnCount,
      metadata: {},
    },
  };
}

function seqTurn(threadId: string, seq: number, idempotencyKey?: string): StoreRecord {
  return {
    type: 'turn',
    record: {
      tenantId: DEFAULT_TENANT_ID,
      threadId,
      seq,
      role: 'user',
      content: `turn ${seq}`,
      toolName: undefined,
      model: undefined,
      files: [],
      idempotencyKey,
      createdAt: seqTime,
      metadata: {},
    },
  };
}

export function describeBackupContract(context: ContractContext): void {
  describe('export and import', () => {
    it('exports every record, parents before their children', async () => {
      await populateStore(context.store);
      const records = await collectRecords(context.store);
      expect(countByType(records)).toEqual(populatedCounts);

      const tenants = new Set<string>();
      const threads = new Set<string>();
      for (const entry of records) {
        if (entry.type === 'tenant') {
          tenants.add(entry.record.id);
          continue;
        }
        expect(
          tenants.has(entry.record.tenantId),
          `${entry.type} before tenant ${entry.record.tenantId}`,
        ).toBe(true);
        if (entry.type === 'thread') threads.add(JSON.stringify([entry.record.tenantId, entry.record.id]));
        if (entry.type === 'turn' || entry.type === 'workflow-state') {
          const thread = JSON.stringify([entry.record.tenantId, entry.record.threadId]);
          expect(threads.has(thread), `${entry.type} before thread ${thread}`).toBe(true);
        }
      }
    });

    it('round-trips a store through export and import into a fresh store', async () => {
      await populateStore(context.store);
      const exported = await collectRecords(context.store);
      const copy = await context.createStore();

      const result = await copy.importRecords(context.store.exportRecords());
      const expected: Record<string, number> = { ...populatedCounts, tenant: populatedCounts.tenant - 1 };
      expect(counts(result.imported)).toEqual(expected);
      expect(counts(result.skipped)).toEqual({ tenant: 1 });
      expect(normalizeRecords(await collectRecords(copy))).toEqual(normalizeRecords(exported));

      const alpha = await copy.getThread(DEFAULT_TENANT_ID, 'alpha');
      expect(alpha).toEqual(await context.store.getThread(DEFAULT_TENANT_ID, 'alpha'));
      const next = await copy.appendTurn({
        tenantId: DEFAULT_TENANT_ID,
        threadId: 'alpha',
        role: 'user',
        content: '4',
      });
      expect(next.turn.seq).toBe(4);
    });

    it('skips every record the second time the same records are imported', async () => {
      await populateStore(context.store);
      const exported = await collectRecords(context.store);
      const copy = await context.createStore();
      await copy.importRecords(exported);

      const again = await copy.importRecords(exported);
      expect(counts(again.imported)).toEqual({});
      expect(counts(again.skipped)).toEqual(countByType(exported));
      expect(normalizeRecords(await collectRecords(copy))).toEqual(normalizeRecords(exported));
    });

    it('imports every field as written, keeping seq, turnCount and idempotency keys', async () => {
      const records = handWrittenRecords();
      const result = await context.store.importRecords(records);
      expect(counts(result.imported)).toEqual(countByType(records));
      expect(counts(result.skipped)).toEqual({});

      const exported = await collectRecords(context.store);
      expect(normalizeRecords(withoutDefaultTenant(exported))).toEqual(normalizeRecords(records));
      expect(await context.store.getTenant('imported')).toMatchObject({ disabled: true });
      expect(await context.store.findApiKeyByHash('e'.repeat(64))).toMatchObject({ id: 'key-imported' });

      const retry = { tenantId: 'imported', threadId: 'conversation', role: 'user', content: 'x' } as const;
      expect(await context.store.appendTurn({ ...retry, idempotencyKey: 'k1' })).toMatchObject({
        created: false,
        turn: { seq: 1, content: 'First question' },
      });
      expect((await context.store.appendTurn(retry)).turn.seq).toBe(3);
      expect((await context.store.getThread('imported', 'conversation'))?.turnCount).toBe(3);
    });

    it('leaves records whose key exists as they were', async () => {
      await context.store.importRecords(handWrittenRecords());
      const changed = handWrittenRecords().map((entry): StoreRecord => {
        switch (entry.type) {
          case 'tenant':
            return { ...entry, record: { ...entry.record, name: 'Renamed' } };
          case 'thread':
            return { ...entry, record: { ...entry.record, title: 'Retitled', turnCount: 9 } };
          case 'turn':
            return { ...entry, record: { ...entry.record, content: 'Rewritten' } };
          case 'file':
            return { ...entry, record: { ...entry.record, refCount: 0 } };
          default:
            return entry;
        }
      });
      const result = await context.store.importRecords(changed);
      expect(counts(result.imported)).toEqual({});
      const types: StoreRecordType[] = ['tenant', 'thread', 'turn', 'file'];
      for (const type of types) expect(result.skipped[type]).toBeGreaterThan(0);

      expect((await context.store.getTenant('imported'))?.name).toBe('Imported Co');
      expect(await context.store.getThread('imported', 'conversation')).toMatchObject({
        title: 'Imported ✓',
        turnCount: 2,
      });
      const turns = await context.store.listTurns('imported', 'conversation');
      expect(turns.map((turn) => turn.content)).toEqual(['First question', 'First answer — ünïcode']);
      expect((await context.store.getFileRecord('imported', 'kimi', 'f'.repeat(64)))?.refCount).toBe(3);
    });

    it('appends after the highest seq when turns are imported on top of an earlier import', async () => {
      await context.store.importRecords([
        seqThread('layered', 2),
        seqTurn('layered', 1),
        seqTurn('layered', 2),
      ]);
      const second = await context.store.importRecords([
        seqThread('layered', 2),
        seqTurn('layered', 3),
        seqTurn('layered', 4),
      ]);
      expect(second.skipped.thread).toBe(1);
      expect(second.imported.turn).toBe(2);

      const next = await context.store.appendTurn({
        tenantId: DEFAULT_TENANT_ID,
        threadId: 'layered',
        role: 'user',
        content: 'next',
      });
      expect(next.turn.seq).toBe(5);
      expect((await context.store.getThread(DEFAULT_TENANT_ID, 'layered'))?.turnCount).toBe(5);
    });

    it('appends after turnCount when an import was cut short, and the missing turns still import', async () => {
      await context.store.importRecords([seqThread('cut', 4), seqTurn('cut', 1), seqTurn('cut', 2)]);
      const next = await context.store.appendTurn({
        tenantId: DEFAULT_TENANT_ID,
        threadId: 'cut',
        role: 'user',
        content: 'next',
      });
      expect(next.turn.seq).toBe(5);

      const rest = await context.store.importRecords([seqTurn('cut', 3), seqTurn('cut', 4)]);
      expect(rest.imported.turn).toBe(2);
      const turns = await context.store.listTurns(DEFAULT_TENANT_ID, 'cut');
      expect(turns.map((turn) => turn.seq)).toEqual([1, 2, 3, 4, 5]);
      expect((await context.store.getThread(DEFAULT_TENANT_ID, 'cut'))?.turnCount).toBe(5);
    });

    it('skips an imported turn whose idempotency key the thread already has at another seq', async () => {
      await context.store.importRecords([seqThread('keyed', 1), seqTurn('keyed', 1, 'same-key')]);
      const result = await context.store.importRecords([
        seqTurn('keyed', 2, 'same-key'),
        seqTurn('keyed', 3),
      ]);
      expect(result.skipped.turn).toBe(1);
      expect(result.imported.turn).toBe(1);
      const turns = await context.store.listTurns(DEFAULT_TENANT_ID, 'keyed');
      expect(turns.map((turn) => [turn.seq, turn.idempotencyKey])).toEqual([
        [1, 'same-key'],
        [3, undefined],
      ]);
    });

    it('refuses an API key whose hash another key already has', async () => {
      const existing = await context.store.createApiKey({
        tenantId: DEFAULT_TENANT_ID,
        name: 'first',
        prefix: 'exai_aa',
        hash: 'c'.repeat(64),
      });
      const clash: StoreRecord = {
        type: 'api-key',
        record: { ...existing, id: 'another-key', name: 'second' },
      };
      await expectRejection(context.store.importRecords([clash]), RecordExistsError);
      expect((await context.store.findApiKeyByHash('c'.repeat(64)))?.id).toBe(existing.id);
    });
  });
}
