import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';

const tenantId = DEFAULT_TENANT_ID;

async function invalidArgument(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  try {
    await promise;
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  return expect.fail('the call was accepted');
}

export function describeInputCheckContract(context: ContractContext): void {
  describe('argument checks', () => {
    it('refuses bad arguments with InvalidArgumentError naming the argument', async () => {
      const { store } = context;
      await store.createThread({ tenantId, id: 't' });
      const turn = { tenantId, threadId: 't', role: 'user', content: 'x' } as const;
      const usage = {
        tenantId,
        model: 'm',
        inputTokens: 1,
        outputTokens: 1,
        latencyInMs: 1,
        status: 'ok',
      } as const;
      const file = {
        tenantId,
        provider: 'kimi',
        sha256: 'a'.repeat(64),
        providerFileId: 'f',
        sizeInBytes: 1,
      };
      const commit = {
        tenantId,
        thread: { id: 't' },
        idempotencyKey: 'k',
        turns: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      } as const;
      const cases: [string, () => Promise<unknown>, string][] = [
        ['commit without a key', () => store.commitTurn({ ...commit, idempotencyKey: '' }), 'idempotencyKey'],
        [
          'commit with a blank thread id',
          () => store.commitTurn({ ...commit, thread: { id: ' ' } }),
          'thread.id',
        ],
        [
          'commit with one turn',
          () => store.commitTurn({ ...commit, turns: [commit.turns[0]] as never }),
          'turns',
        ],
        [
          'commit with more turns than a round may hold',
          () =>
            store.commitTurn({
              ...commit,
              turns: Array.from({ length: 17 }, () => commit.turns[1]) as never,
            }),
          'turns',
        ],
        [
          'commit with a bad usage record among several',
          () =>
            store.commitTurn({
              ...commit,
              usage: [
                { model: 'm', inputTokens: 1, outputTokens: 1, latencyInMs: 1, status: 'ok' },
                { model: 'm', inputTokens: 1, outputTokens: -1, latencyInMs: 1, status: 'ok' },
              ],
            }),
          'outputTokens',
        ],
        [
          'commit with an unknown role',
          () =>
            store.commitTurn({
              ...commit,
              turns: [commit.turns[0], { role: 'robot' as 'user', content: 'a' }],
            }),
          'role',
        ],
        [
          'commit with negative usage',
          () =>
            store.commitTurn({
              ...commit,
              usage: { model: 'm', inputTokens: -1, outputTokens: 1, latencyInMs: 1, status: 'ok' },
            }),
          'inputTokens',
        ],
        [
          'commit with an audit without action',
          () => store.commitTurn({ ...commit, audit: { action: '' } }),
          'action',
        ],
        ['empty tenant id', () => store.createTenant({ id: '' }), 'id'],
        ['blank thread id', () => store.createThread({ tenantId, id: '  ' }), 'id'],
        ['empty tenant id on read', () => store.getThread('', 't'), 'tenantId'],
        ['empty thread id on append', () => store.appendTurn({ ...turn, threadId: '' }), 'threadId'],
        ['unknown role', () => store.appendTurn({ ...turn, role: 'robot' as 'user' }), 'role'],
        [
          'settings not an object',
          () => store.createTenant({ id: 'x', settings: ['a'] as never }),
          'settings',
        ],
        ['negative tokens', () => store.recordUsage({ ...usage, inputTokens: -1 }), 'inputTokens'],
        ['fractional latency', () => store.recordUsage({ ...usage, latencyInMs: 1.5 }), 'latencyInMs'],
        ['negative cost', () => store.recordUsage({ ...usage, costInUsd: -0.01 }), 'costInUsd'],
        [
          'invalid Date',
          () => store.recordUsage({ ...usage, createdAt: new Date('not a date') }),
          'createdAt',
        ],
        ['negative size', () => store.putFileRecord({ ...file, sizeInBytes: -1 }), 'sizeInBytes'],
        ['fractional delta', () => store.adjustFileReferences(tenantId, 'kimi', file.sha256, 0.5), 'delta'],
        ['thread limit 0', () => store.listThreads(tenantId, { limit: 0 }), 'limit'],
        ['thread limit 501', () => store.listThreads(tenantId, { limit: 501 }), 'limit'],
        ['turn limit 0', () => store.listTurns(tenantId, 't', { limit: 0 }), 'limit'],
        ['afterSeq -1', () => store.listTurns(tenantId, 't', { afterSeq: -1 }), 'afterSeq'],
        [
          'invalid expiresAt',
          () => store.createThread({ tenantId, id: 'u', expiresAt: new Date(Number.NaN) }),
          'expiresAt',
        ],
      ];
      for (const [label, call, argument] of cases) {
        const error = await invalidArgument(call());
        expect(error.argument, label).toBe(argument);
      }
      expect((await store.listTurns(tenantId, 't')).length).toBe(0);
      expect((await store.listUsage(tenantId)).items).toEqual([]);
      expect((await store.listAudit(tenantId, { action: 'a' })).items).toEqual([]);
    });

    it('refuses a new tenant id with a control or invisible character, and takes any other', async () => {
      const { store } = context;
      for (const id of [
        'ac\u001b[31mme',
        'acme\n',
        'a\tb',
        'ac\u0085me',
        'ac\u200bme',
        'ac\u202eme',
        'x\ud800',
      ]) {
        const error = await invalidArgument(store.createTenant({ id }));
        expect(error.argument, JSON.stringify(id)).toBe('id');
        expect(error.message).toContain('control or invisible character');
        expect(error.message).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
      }
      for (const id of [
        'acme',
        'team-42',
        'org_7.eu',
        'Acme Corp',
        'équipe',
        '株式会社',
        'user@example.com',
      ]) {
        expect((await store.createTenant({ id })).id).toBe(id);
      }
      expect((await store.listTenants()).map((tenant) => tenant.id)).not.toContain('acme\n');
    });

    it('stores a NUL character as given or refuses it with InvalidArgumentError', async () => {
      const { store } = context;
      await store.createThread({ tenantId, id: 't' });
      const content = 'before\u0000after';
      const appended = store.appendTurn({ tenantId, threadId: 't', role: 'user', content });
      const outcome = await appended.then(
        () => 'stored',
        (error: unknown) => error,
      );
      if (outcome === 'stored') {
        expect((await store.listTurns(tenantId, 't'))[0]?.content).toBe(content);
      } else {
        expect(InvalidArgumentError.isInstance(outcome), String(outcome)).toBe(true);
      }
    });
  });
}
