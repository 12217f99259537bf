import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { SessionStoreV1 } from './v1/index.js';
import { withStoreInputChecks } from './with-store-input-checks.js';

/** A store whose methods record the arguments they were given. */
function recordingStore(): { store: SessionStoreV1; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record = async (...args: unknown[]) => void calls.push(args);
  const store = new Proxy({ specificationVersion: 'v1', kind: 'recording' } as SessionStoreV1, {
    get: (target, name) => (name in target ? target[name as keyof SessionStoreV1] : record),
  });
  return { store: withStoreInputChecks({ ...store, ...methodsOf(store) }), calls };
}

function methodsOf(store: SessionStoreV1): Partial<SessionStoreV1> {
  const names = ['createThread', 'commitTurn', 'listThreads', 'listTurns', 'recordUsage'] as const;
  return Object.fromEntries(names.map((name) => [name, store[name]]));
}

describe('withStoreInputChecks', () => {
  it('refuses a bad argument before the store sees it', async () => {
    const { store, calls } = recordingStore();
    const error = await store.createThread({ tenantId: '', id: 't' }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'tenantId' });
    expect(calls).toEqual([]);
  });

  it('hands the store copies with defaults filled in', async () => {
    const { store, calls } = recordingStore();
    const metadata = { at: new Date(0), nested: { a: 1 } };
    const expiresAt = new Date(1000);
    await store.createThread({ tenantId: 'default', id: 't', metadata, expiresAt });
    await store.listThreads('default');
    await store.listTurns('default', 't');
    await store.commitTurn({
      tenantId: 'default',
      thread: { id: 't', create: { title: 'x' } },
      idempotencyKey: 'k',
      turns: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a', metadata },
      ],
      usage: { model: 'm', inputTokens: 1, outputTokens: 2, latencyInMs: 3, status: 'ok' },
    });

    const [[thread], [, page], [, , turns], [commit]] = calls as [
      [Record<string, unknown>],
      [string, Record<string, unknown>],
      [string, string, Record<string, unknown>],
      [Record<string, unknown>],
    ];
    expect(thread).toEqual({
      tenantId: 'default',
      id: 't',
      title: undefined,
      expiresAt,
      metadata: {
        at: '1970-01-01T00:00:00.000Z',
        nested: { a: 1 },
      },
    });
    expect(thread.expiresAt).not.toBe(expiresAt);
    expect(page).toMatchObject({ limit: 50 });
    expect(turns).toEqual({ afterSeq: 0, limit: undefined });
    expect(commit).toMatchObject({
      thread: { id: 't', create: { title: 'x', metadata: {} } },
      turns: [
        { role: 'user', content: 'q', files: [], metadata: {} },
        { role: 'assistant', content: 'a', files: [], metadata: { at: '1970-01-01T00:00:00.000Z' } },
      ],
      usage: { model: 'm', inputTokens: 1, outputTokens: 2 },
    });
    expect(commit.usage).not.toHaveProperty('tenantId');
  });
});
