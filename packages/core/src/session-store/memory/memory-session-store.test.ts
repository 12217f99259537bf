import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { StoreUnavailableError } from '../../errors/store-unavailable-error.js';
import { describeSessionStoreContract } from '../../test/index.js';
import { DEFAULT_TENANT_ID } from '../v1/index.js';
import { createMemorySessionStore } from './memory-session-store.js';
import { memoryStoreFaults } from './memory-store-faults.js';

const faulty = memoryStoreFaults();
describeSessionStoreContract('memory', async () => ({ store: faulty.create() }), { faults: faulty.faults });

const tenantId = DEFAULT_TENANT_ID;

async function invalidArgument(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error: unknown = await promise.then(
    () => expect.fail('expected an InvalidArgumentError, but the call resolved'),
    (rejection: unknown) => rejection,
  );
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  return error as InvalidArgumentError;
}

describe('createMemorySessionStore', () => {
  it('stamps records with the injected clock', async () => {
    let time = new Date('2030-01-01T00:00:00.000Z');
    const store = createMemorySessionStore({ now: () => time });
    expect((await store.getTenant(tenantId))?.createdAt).toEqual(time);
    const thread = await store.createThread({
      tenantId,
      id: 't',
      expiresAt: new Date('2030-01-01T00:00:01Z'),
    });
    expect(thread.createdAt).toEqual(time);

    time = new Date('2030-01-01T00:00:02.000Z');
    const { turn } = await store.appendTurn({ tenantId, threadId: 't', role: 'user', content: 'hi' });
    expect(turn.createdAt).toEqual(time);
    expect((await store.getThread(tenantId, 't'))?.updatedAt).toEqual(time);
    expect((await store.listThreads(tenantId)).items).toEqual([]);
    expect(await store.expire()).toEqual({ threads: 1, files: 0 });
  });

  it('hands out copies that callers may change freely', async () => {
    const store = createMemorySessionStore();
    const metadata = { nested: { value: 1 } };
    const thread = await store.createThread({ tenantId, id: 't', metadata });
    metadata.nested.value = 2;
    thread.metadata.extra = true;
    thread.updatedAt.setTime(0);
    const { turn } = await store.appendTurn({
      tenantId,
      threadId: 't',
      role: 'user',
      content: 'a',
      files: ['x'],
    });
    turn.files.push('y');
    (await store.listTurns(tenantId, 't'))[0]?.files.push('z');

    expect((await store.getThread(tenantId, 't'))?.metadata).toEqual({ nested: { value: 1 } });
    expect((await store.listTurns(tenantId, 't'))[0]?.files).toEqual(['x']);
  });

  it('stores JSON fields as JSON, as the SQL stores do', async () => {
    const store = createMemorySessionStore();
    const thread = await store.createThread({
      tenantId,
      metadata: { at: new Date('2030-01-01T00:00:00.000Z'), gone: undefined },
    });
    expect(thread.metadata).toEqual({ at: '2030-01-01T00:00:00.000Z' });
    const error = await invalidArgument(store.createThread({ tenantId, metadata: { big: 1n } }));
    expect(error.argument).toBe('metadata');
  });

  it('refuses bad input with a message naming the argument', async () => {
    const store = createMemorySessionStore();
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
    const cases: [Promise<unknown>, string, RegExp][] = [
      [store.createTenant({ id: '' }), 'id', /non-empty string/],
      [store.createThread({ tenantId, id: '  ' }), 'id', /non-empty string/],
      [store.getThread('', 't'), 'tenantId', /non-empty/],
      [store.appendTurn({ ...turn, role: 'robot' as 'user' }), 'role', /system, user, assistant, tool/],
      [store.appendTurn({ ...turn, threadId: '' }), 'threadId', /non-empty/],
      [store.recordUsage({ ...usage, inputTokens: -1 }), 'inputTokens', /negative/],
      [store.recordUsage({ ...usage, outputTokens: 1.5 }), 'outputTokens', /integer/],
      [store.recordUsage({ ...usage, createdAt: new Date('nope') }), 'createdAt', /valid Date/],
      [store.listThreads(tenantId, { limit: 0 }), 'limit', /between 1 and 500/],
      [store.listThreads(tenantId, { limit: 501 }), 'limit', /between 1 and 500/],
      [store.listUsage(tenantId, { cursor: 'not-a-cursor' }), 'cursor', /nextCursor/],
      [store.listTurns(tenantId, 't', { limit: 0 }), 'limit', /at least 1/],
      [store.adjustFileReferences(tenantId, 'p', 's', 0.5), 'delta', /integer/],
      [store.importRecords([{ type: 'nope' } as never]), 'records', /Unknown record type/],
    ];
    for (const [promise, argument, message] of cases) {
      const error = await invalidArgument(promise);
      expect(error.argument).toBe(argument);
      expect(error.message).toMatch(message);
    }
  });

  it('refuses a cursor from a list of another kind', async () => {
    const store = createMemorySessionStore();
    for (const sha256 of ['a', 'b']) {
      await store.putFileRecord({ tenantId, provider: 'p', sha256, providerFileId: 'f', sizeInBytes: 1 });
    }
    const { nextCursor } = await store.listFileRecords(tenantId, { limit: 1 });
    await invalidArgument(store.listThreads(tenantId, { cursor: nextCursor }));
  });

  it('throws StoreUnavailableError once closed', async () => {
    const store = createMemorySessionStore();
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toSatisfy(StoreUnavailableError.isInstance);
    await expect(store.getTenant(tenantId)).rejects.toSatisfy(StoreUnavailableError.isInstance);
  });
});
