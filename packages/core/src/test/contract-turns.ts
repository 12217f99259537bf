import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID, type AppendTurnInput } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { expectRejection } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;

function userTurn(threadId: string, content: string, extra: Partial<AppendTurnInput> = {}): AppendTurnInput {
  return { tenantId, threadId, role: 'user', content, ...extra };
}

export function describeTurnContract(context: ContractContext): void {
  describe('turns', () => {
    it('numbers turns 1, 2, 3… and round-trips every field', async () => {
      await context.store.createThread({ tenantId, id: 't' });
      const first = await context.store.appendTurn(userTurn('t', 'Review this diff'));
      expect(first).toEqual({
        created: true,
        turn: {
          tenantId,
          threadId: 't',
          seq: 1,
          role: 'user',
          content: 'Review this diff',
          toolName: undefined,
          model: undefined,
          files: [],
          idempotencyKey: undefined,
          createdAt: expect.any(Date),
          metadata: {},
        },
      });
      const full: AppendTurnInput = {
        tenantId,
        threadId: 't',
        role: 'assistant',
        content: 'Looks fine — one nit: ünïcode 🚀\nsecond line',
        toolName: 'codereview',
        model: 'kimi:kimi-k2',
        files: ['src/a.ts', '/abs/path with spaces/b.md'],
        idempotencyKey: 'answer-1',
        metadata: { usage: { inputTokens: 10, outputTokens: 20 }, finishReason: 'stop' },
      };
      const second = await context.store.appendTurn(full);
      const { expiresAt: _expiresAt, ...fields } = full;
      expect(second.turn).toEqual({ ...fields, seq: 2, createdAt: expect.any(Date) });
      const third = await context.store.appendTurn({ ...userTurn('t', 'thanks'), role: 'system' });
      const tool = await context.store.appendTurn({ ...userTurn('t', '{"ok":true}'), role: 'tool' });
      expect([third.turn.seq, tool.turn.seq]).toEqual([3, 4]);
      expect(await context.store.listTurns(tenantId, 't')).toEqual([
        first.turn,
        second.turn,
        third.turn,
        tool.turn,
      ]);
    });

    it('moves the thread’s turnCount and updatedAt with each append', async () => {
      const created = await context.store.createThread({ tenantId, id: 't' });
      for (let index = 1; index <= 3; index += 1) {
        const { turn } = await context.store.appendTurn(userTurn('t', `turn ${index}`));
        const thread = await context.store.getThread(tenantId, 't');
        expect(thread?.turnCount).toBe(index);
        expect(thread?.updatedAt).toEqual(turn.createdAt);
        expect(thread?.updatedAt.getTime()).toBeGreaterThanOrEqual(created.createdAt.getTime());
        expect(thread?.createdAt).toEqual(created.createdAt);
      }
    });

    it('refuses an append to a missing thread and changes nothing', async () => {
      await expectRejection(
        context.store.appendTurn(userTurn('missing', 'hello', { idempotencyKey: 'k1' })),
        RecordNotFoundError,
      );
      await expectRejection(
        context.store.appendTurn({ ...userTurn('missing', 'hello'), tenantId: 'no-such-tenant' }),
        RecordNotFoundError,
      );
      expect(await context.store.getThread(tenantId, 'missing')).toBeUndefined();
      expect(await context.store.listTurns(tenantId, 'missing')).toEqual([]);

      await context.store.createThread({ tenantId, id: 'missing' });
      const later = await context.store.appendTurn(
        userTurn('missing', 'now it exists', { idempotencyKey: 'k1' }),
      );
      expect(later).toMatchObject({ created: true, turn: { seq: 1, content: 'now it exists' } });
    });

    it('returns the first turn for a repeated idempotency key and stores nothing', async () => {
      await context.store.createThread({ tenantId, id: 't' });
      const first = await context.store.appendTurn(userTurn('t', 'original', { idempotencyKey: 'retry-me' }));
      const before = await context.store.getThread(tenantId, 't');
      const repeat = await context.store.appendTurn({
        ...userTurn('t', 'a different body', { idempotencyKey: 'retry-me' }),
        role: 'assistant',
        expiresAt: new Date('2100-01-01T00:00:00Z'),
      });
      expect(repeat).toEqual({ created: false, turn: first.turn });
      expect(await context.store.getThread(tenantId, 't')).toEqual(before);
      expect(await context.store.listTurns(tenantId, 't')).toEqual([first.turn]);
      const next = await context.store.appendTurn(userTurn('t', 'next'));
      expect(next.turn.seq).toBe(2);
    });

    it('lets different threads use the same idempotency key', async () => {
      await context.store.createThread({ tenantId, id: 'one' });
      await context.store.createThread({ tenantId, id: 'two' });
      const a = await context.store.appendTurn(userTurn('one', 'a', { idempotencyKey: 'same' }));
      const b = await context.store.appendTurn(userTurn('two', 'b', { idempotencyKey: 'same' }));
      expect([a.created, b.created]).toEqual([true, true]);
      expect(b.turn).toMatchObject({ threadId: 'two', seq: 1, content: 'b' });
    });

    it('lists turns oldest first, after a seq and up to a limit', async () => {
      await context.store.createThread({ tenantId, id: 't' });
      for (let index = 1; index <= 6; index += 1)
        await context.store.appendTurn(userTurn('t', `turn ${index}`));
      const seqs = async (options: Parameters<typeof context.store.listTurns>[2]) =>
        (await context.store.listTurns(tenantId, 't', options)).map((turn) => turn.seq);

      expect(await seqs({})).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await seqs({ afterSeq: 4 })).toEqual([5, 6]);
      expect(await seqs({ limit: 2 })).toEqual([1, 2]);
      expect(await seqs({ afterSeq: 2, limit: 3 })).toEqual([3, 4, 5]);
      expect(await seqs({ afterSeq: 6 })).toEqual([]);
      expect((await context.store.listTurns(tenantId, 't', { afterSeq: 5 }))[0]?.content).toBe('turn 6');
    });

    it('slides the thread’s expiry to the expiresAt an append carries', async () => {
      await context.store.createThread({ tenantId, id: 't', expiresAt: new Date('2100-01-01T00:00:00Z') });
      await context.store.appendTurn(userTurn('t', 'a', { expiresAt: new Date('2100-02-01T00:00:00Z') }));
      expect((await context.store.getThread(tenantId, 't'))?.expiresAt).toEqual(
        new Date('2100-02-01T00:00:00Z'),
      );
      await context.store.appendTurn(userTurn('t', 'b'));
      expect((await context.store.getThread(tenantId, 't'))?.expiresAt).toEqual(
        new Date('2100-02-01T00:00:00Z'),
      );

      await context.store.createThread({ tenantId, id: 'forever' });
      await context.store.appendTurn(
        userTurn('forever', 'a', { expiresAt: new Date('2100-03-01T00:00:00Z') }),
      );
      expect((await context.store.getThread(tenantId, 'forever'))?.expiresAt).toEqual(
        new Date('2100-03-01T00:00:00Z'),
      );
    });
  });
}
