import { afterEach, describe, expect, it } from 'vitest';
import { RecordNotFoundError } from '../errors/index.js';
import { createMemorySessionStore } from '../session-store/memory/memory-session-store.js';
import { onTelemetry, type TelemetryEvent } from './telemetry-events.js';
import { withStoreTelemetry } from './with-store-telemetry.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('withStoreTelemetry', () => {
  it('times each operation as a store-operation event, ok or error, and keeps the store as it was', async () => {
    const store = createMemorySessionStore();
    const timed = withStoreTelemetry(store);
    expect(timed).toBe(store);
    expect(timed.kind).toBe('memory');
    expect(withStoreTelemetry(timed)).toBe(store);
    const events: TelemetryEvent[] = [];
    stop = onTelemetry((event) => events.push(event));

    await timed.createThread({ tenantId: 'default', title: 'A thread' });
    const missing = await timed
      .appendTurn({ tenantId: 'default', threadId: 'no-such-thread', role: 'user', content: 'Hi' })
      .catch((caught: unknown) => caught);
    expect(RecordNotFoundError.isInstance(missing)).toBe(true);

    expect(events).toEqual([
      {
        type: 'store-operation',
        operation: 'createThread',
        outcome: 'ok',
        durationInMs: expect.any(Number),
        tenantId: 'default',
      },
      {
        type: 'store-operation',
        operation: 'appendTurn',
        outcome: 'error',
        durationInMs: expect.any(Number),
        tenantId: 'default',
      },
    ]);
    // The tenant comes from the tenant-id argument of a read too, never from a key hash.
    events.length = 0;
    await timed.getThread('acme', 'no-such-thread');
    await timed.findApiKeyByHash('0'.repeat(64));
    expect(events.map((event) => 'tenantId' in event && event.tenantId)).toEqual(['acme', undefined]);
  });

  it('calls straight through while no one listens', async () => {
    const store = withStoreTelemetry(createMemorySessionStore());
    const thread = await store.createThread({ tenantId: 'default', title: 'Quiet' });
    expect(await store.getThread('default', thread.id)).toMatchObject({ title: 'Quiet' });
  });
});
