import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';

const tenantId = DEFAULT_TENANT_ID;
const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

export function describeConcurrencyContract(context: ContractContext): void {
  describe('concurrent appends', () => {
    it('numbers 200 parallel appends to one thread 1…200 without gaps or duplicates', async () => {
      await context.store.createThread({ tenantId, id: 'busy' });
      const results = await Promise.all(
        range(200).map((index) =>
          context.store.appendTurn({ tenantId, threadId: 'busy', role: 'user', content: `turn ${index}` }),
        ),
      );
      expect(results.every((result) => result.created)).toBe(true);
      expect(results.map((result) => result.turn.seq).sort((a, b) => a - b)).toEqual(range(200));

      const turns = await context.store.listTurns(tenantId, 'busy');
      expect(turns.map((turn) => turn.seq)).toEqual(range(200));
      expect(new Set(turns.map((turn) => turn.content)).size).toBe(200);
      expect((await context.store.getThread(tenantId, 'busy'))?.turnCount).toBe(200);
    });

    it('stores one turn per idempotency key when 50 keys are each appended 4 times at once', async () => {
      await context.store.createThread({ tenantId, id: 'retried' });
      const results = await Promise.all(
        range(200).map((index) => {
          const key = `key-${index % 50}`;
          return context.store
            .appendTurn({ tenantId, threadId: 'retried', role: 'user', content: key, idempotencyKey: key })
            .then((result) => ({ key, ...result }));
        }),
      );

      const turns = await context.store.listTurns(tenantId, 'retried');
      expect(turns.map((turn) => turn.seq)).toEqual(range(50));
      expect((await context.store.getThread(tenantId, 'retried'))?.turnCount).toBe(50);
      const seqByKey = new Map(turns.map((turn) => [turn.idempotencyKey, turn.seq]));
      expect(seqByKey.size).toBe(50);
      for (const { key, turn } of results) {
        expect(turn.seq).toBe(seqByKey.get(key));
        expect(turn.content).toBe(key);
      }
      for (let index = 0; index < 50; index += 1) {
        const created = results.filter((result) => result.key === `key-${index}` && result.created);
        expect(created).toHaveLength(1);
      }
    });
  });
}
