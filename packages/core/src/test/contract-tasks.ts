import { describe, expect, it } from 'vitest';
import { RecordExistsError } from '../errors/record-exists-error.js';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { collectPages, expectRejection, uuidPattern } from './contract-helpers.js';

const home = DEFAULT_TENANT_ID;
const request = { method: 'tools/call', params: { name: 'chat', arguments: { prompt: 'think' } } };

export function describeTaskContract(context: ContractContext): void {
  describe('tasks', () => {
    it('creates a working task with a random id and an expiry of createdAt + ttl', async () => {
      const { store } = context;
      const task = await store.createTask({
        tenantId: home,
        request,
        ttlInMs: 60_000,
        pollIntervalInMs: 500,
      });
      expect(task).toMatchObject({
        tenantId: home,
        status: 'working',
        statusMessage: undefined,
        request,
        result: undefined,
        ttlInMs: 60_000,
        pollIntervalInMs: 500,
      });
      expect(task.id).toMatch(uuidPattern);
      expect(task.updatedAt).toEqual(task.createdAt);
      expect(task.expiresAt?.getTime()).toBe(task.createdAt.getTime() + 60_000);
      expect(await store.getTask(home, task.id)).toEqual(task);
      const forever = await store.createTask({ tenantId: home, id: 'forever', request });
      expect(forever.expiresAt).toBeUndefined();
      expect(forever.ttlInMs).toBeUndefined();
    });

    it('reads another tenant’s task as missing and refuses to update it', async () => {
      const { store } = context;
      await store.createTenant({ id: 'tenant-b' });
      const task = await store.createTask({ tenantId: home, request });
      expect(await store.getTask('tenant-b', task.id)).toBeUndefined();
      await expectRejection(
        store.updateTask({ tenantId: 'tenant-b', id: task.id, status: 'cancelled' }),
        RecordNotFoundError,
      );
      expect((await store.getTask(home, task.id))?.status).toBe('working');
      expect((await store.listTasks('tenant-b')).items).toEqual([]);
      await expectRejection(
        store.updateTask({ tenantId: home, id: 'missing', status: 'failed' }),
        RecordNotFoundError,
      );
    });

    it('moves status, message and result, and never leaves a terminal status', async () => {
      const { store } = context;
      const task = await store.createTask({ tenantId: home, request, statusMessage: 'queued' });
      const progress = await store.updateTask({
        tenantId: home,
        id: task.id,
        status: 'working',
        statusMessage: 'streaming 12 tokens',
      });
      expect(progress).toMatchObject({ updated: true, task: { statusMessage: 'streaming 12 tokens' } });
      const result = { content: [{ type: 'text', text: 'done' }] };
      const done = await store.updateTask({ tenantId: home, id: task.id, status: 'completed', result });
      expect(done).toMatchObject({
        updated: true,
        task: { status: 'completed', result, statusMessage: 'streaming 12 tokens' },
      });
      expect(done.task.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());

      const late = await store.updateTask({
        tenantId: home,
        id: task.id,
        status: 'cancelled',
        statusMessage: 'too late',
      });
      expect(late.updated).toBe(false);
      expect(late.task).toEqual(done.task);
      expect(await store.getTask(home, task.id)).toEqual(done.task);
    });

    it('lets exactly one of a racing cancel and finish win', async () => {
      const { store } = context;
      const task = await store.createTask({ tenantId: home, request });
      const outcomes = await Promise.all([
        store.updateTask({ tenantId: home, id: task.id, status: 'cancelled' }),
        store.updateTask({ tenantId: home, id: task.id, status: 'completed', result: { content: [] } }),
      ]);
      expect(outcomes.filter((outcome) => outcome.updated)).toHaveLength(1);
      const winner = outcomes.find((outcome) => outcome.updated)?.task.status;
      expect((await store.getTask(home, task.id))?.status).toBe(winner);
    });

    it('lists a tenant’s tasks newest first, in pages', async () => {
      const { store } = context;
      for (let index = 0; index < 5; index += 1) {
        await store.createTask({ tenantId: home, id: `task-${index}`, request });
      }
      const pages = await collectPages((cursor) => store.listTasks(home, { limit: 2, cursor }));
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      const ids = pages.flat().map((task) => task.id);
      expect(new Set(ids).size).toBe(5);
      const times = pages.flat().map((task) => task.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it('is deleted by expire once past its expiry, in every tenant', async () => {
      const { store } = context;
      await store.createTenant({ id: 'tenant-b' });
      for (const tenantId of [home, 'tenant-b']) {
        await store.createTask({ tenantId, id: 'short', request, ttlInMs: 1_000 });
        await store.createTask({ tenantId, id: 'long', request, ttlInMs: 86_400_000 });
        await store.createTask({ tenantId, id: 'forever', request });
      }
      const short = await store.getTask(home, 'short');
      await store.expire(new Date((short?.expiresAt?.getTime() ?? 0) + 60_000));
      for (const tenantId of [home, 'tenant-b']) {
        expect(await store.getTask(tenantId, 'short')).toBeUndefined();
        const left = (await store.listTasks(tenantId)).items.map((task) => task.id).sort();
        expect(left).toEqual(['forever', 'long']);
      }
    });

    it('refuses bad arguments before writing', async () => {
      const { store } = context;
      const bad = [
        () => store.createTask({ tenantId: home, request: 'x' as never }),
        () => store.createTask({ tenantId: home, request, ttlInMs: 0 }),
        () => store.updateTask({ tenantId: home, id: 'x', status: 'done' as never }),
        () => store.appendStreamEvent({ tenantId: home, streamId: '', message: {} }),
        () => store.appendStreamEvent({ tenantId: home, streamId: 's', message: {}, maxEventsPerStream: 0 }),
        () => store.replayStreamEvents(home, ''),
      ];
      for (const call of bad) await expect(call()).rejects.toMatchObject({ code: 'invalid_argument' });
      expect((await store.listTasks(home)).items).toEqual([]);
    });
  });

  describe('stream events', () => {
    const message = (n: number) => ({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progress: n },
    });

    it('replays the events after a given one, in append order, for that stream only', async () => {
      const { store } = context;
      const first = await store.appendStreamEvent({ tenantId: home, streamId: 'a', message: {} });
      expect(first).toMatchObject({ tenantId: home, streamId: 'a', message: {} });
      expect(first.eventId).toEqual(expect.any(String));
      const events = [first];
      for (let n = 1; n <= 4; n += 1) {
        events.push(await store.appendStreamEvent({ tenantId: home, streamId: 'a', message: message(n) }));
        await store.appendStreamEvent({ tenantId: home, streamId: 'b', message: message(100 + n) });
      }
      expect(new Set(events.map((event) => event.eventId)).size).toBe(5);

      const replay = await store.replayStreamEvents(home, events[1]!.eventId);
      expect(replay?.streamId).toBe('a');
      expect(replay?.events.map((event) => event.message)).toEqual([message(2), message(3), message(4)]);
      expect(replay?.events.map((event) => event.eventId)).toEqual(events.slice(2).map((e) => e.eventId));
      expect(await store.replayStreamEvents(home, events[4]!.eventId)).toEqual({ streamId: 'a', events: [] });
    });

    it('takes a given event id, and refuses one the tenant already has', async () => {
      const { store } = context;
      const event = await store.appendStreamEvent({
        tenantId: home,
        streamId: 'a',
        eventId: 'e-1',
        message: message(1),
      });
      expect(event.eventId).toBe('e-1');
      await expectRejection(
        store.appendStreamEvent({ tenantId: home, streamId: 'b', eventId: 'e-1', message: message(2) }),
        RecordExistsError,
      );
      expect((await store.replayStreamEvents(home, 'e-1'))?.streamId).toBe('a');
    });

    it('reads an unknown event, or another tenant’s, as undefined', async () => {
      const { store } = context;
      await store.createTenant({ id: 'tenant-b' });
      const event = await store.appendStreamEvent({ tenantId: home, streamId: 'a', message: message(1) });
      expect(await store.replayStreamEvents(home, 'no-such-event')).toBeUndefined();
      expect(await store.replayStreamEvents('tenant-b', event.eventId)).toBeUndefined();
    });

    it('keeps at most maxEventsPerStream events of a stream, dropping the oldest', async () => {
      const { store } = context;
      const events = [];
      for (let n = 1; n <= 6; n += 1) {
        events.push(
          await store.appendStreamEvent({
            tenantId: home,
            streamId: 'a',
            message: message(n),
            maxEventsPerStream: 3,
          }),
        );
      }
      expect(await store.replayStreamEvents(home, events[2]!.eventId)).toBeUndefined();
      const replay = await store.replayStreamEvents(home, events[3]!.eventId);
      expect(replay?.events.map((event) => event.message)).toEqual([message(5), message(6)]);
    });

    it('is deleted by expire once past its expiry', async () => {
      const { store } = context;
      const now = new Date('2030-06-15T12:00:00.000Z');
      const old = await store.appendStreamEvent({
        tenantId: home,
        streamId: 'a',
        message: message(1),
        expiresAt: new Date(now.getTime() - 1),
      });
      const kept = await store.appendStreamEvent({
        tenantId: home,
        streamId: 'a',
        message: message(2),
        expiresAt: new Date(now.getTime() + 60_000),
      });
      await store.appendStreamEvent({ tenantId: home, streamId: 'a', message: message(3) });
      await store.expire(now);
      expect(await store.replayStreamEvents(home, old.eventId)).toBeUndefined();
      expect((await store.replayStreamEvents(home, kept.eventId))?.events.map((e) => e.message)).toEqual([
        message(3),
      ]);
    });

    it('replays an imported stream in its exported order', async () => {
      const { store } = context;
      const events = [];
      for (let n = 1; n <= 3; n += 1) {
        events.push(await store.appendStreamEvent({ tenantId: home, streamId: 'a', message: message(n) }));
      }
      const copy = await context.createStore();
      await copy.importRecords(store.exportRecords());
      const replay = await copy.replayStreamEvents(home, events[0]!.eventId);
      expect(replay?.events.map((event) => event.message)).toEqual([message(2), message(3)]);
    });
  });
}
