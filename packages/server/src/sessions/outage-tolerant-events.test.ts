import { createMemorySessionStore, type SessionStoreV1 } from '@exai/core';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startTestServer, textOf } from '../test-helpers/start-test-server.js';
import { outageTolerantEvents } from './outage-tolerant-events.js';
import { createStoreResumableEvents } from './store-resumable-events.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await createFakeUpstream({ defaultReply: { text: 'Answer through the outage.' } });
});
afterAll(() => upstream.close());

/** A memory store whose stream-event writes fail (or hang) while `down` says so. */
function storeWithOutage() {
  const store = createMemorySessionStore();
  const outage = { down: false as false | 'fail' | 'hang' };
  const events: Pick<SessionStoreV1, 'appendStreamEvent' | 'replayStreamEvents'> = {
    appendStreamEvent(input) {
      if (outage.down === 'fail') return Promise.reject(new Error('the store is unreachable'));
      if (outage.down === 'hang') return new Promise(() => {});
      return store.appendStreamEvent(input);
    },
    replayStreamEvents: (tenantId, afterEventId) => store.replayStreamEvents(tenantId, afterEventId),
  };
  return { events, outage };
}

const progress: JSONRPCMessage = {
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 'p', progress: 1 },
};

describe('stream events while their store is out', () => {
  it('still delivers a session’s progress and answers, and says once when events are not stored and once when they are again', async () => {
    const { events, outage } = storeWithOutage();
    const server = await startTestServer(upstream, {
      resumableEvents: createStoreResumableEvents({ store: events }),
    });
    const { client } = await connectClient(server.serving.url);
    try {
      outage.down = 'fail';
      const progressMessages: string[] = [];
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Hi' } }, undefined, {
        onprogress: (notification) => progressMessages.push(notification.message ?? ''),
        timeout: 10_000,
      });
      expect(textOf(result)).toContain('Answer through the outage.');
      expect(progressMessages.length).toBeGreaterThan(0);
      // A new request during the outage is served too (its stream's first event is not stored either).
      expect((await client.listTools({}, { timeout: 10_000 })).tools.length).toBeGreaterThan(0);
      const warnings = server.logLines.filter((line) => line.includes('cannot store stream events'));
      expect(warnings).toEqual([
        'exai: warning: cannot store stream events in the session store (the store is unreachable); ' +
          'streams carry on, but the events sent meanwhile cannot be resumed with Last-Event-ID',
      ]);

      outage.down = false;
      await client.listTools();
      expect(server.logLines).toContain('exai: stream events are stored in the session store again');
    } finally {
      await client.close();
      await server.serving.close();
    }
  });

  it('sends an event unstored, under an id no replay finds, when the store does not answer in time', async () => {
    const { events, outage } = storeWithOutage();
    const lines: string[] = [];
    const tolerant = outageTolerantEvents(createStoreResumableEvents({ store: events }), {
      log: (line) => lines.push(line),
      storeTimeoutInMs: 50,
    });
    const eventStore = tolerant.forSession('default', () => 'session-1');
    const stored = await eventStore.storeEvent('stream-a', progress);

    outage.down = 'hang';
    const unstored = await eventStore.storeEvent('stream-a', progress);
    expect(unstored).not.toBe(stored);
    expect(await tolerant.replay('default', unstored)).toBeUndefined();
    expect(lines).toEqual([
      'exai: warning: cannot store stream events in the session store (no answer within 50 ms); ' +
        'streams carry on, but the events sent meanwhile cannot be resumed with Last-Event-ID',
    ]);
  });
});
