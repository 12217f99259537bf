import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemorySessionStore,
  onTelemetry,
  RecordNotFoundError,
  StoreUnavailableError,
  type SessionStoreV1,
  type TelemetryEvent,
} from '@exai/core';
import { createInFlightCalls, type InFlightCalls } from '../cancel/in-flight-calls.js';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import { createMemoryResponseCacheBackend } from '../response-cache/memory-response-cache-backend.js';
import { createResponseCache } from '../response-cache/response-cache.js';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

const kimiModel = 'kimi:kimi-k2-0905-preview';
const outage = () =>
  new StoreUnavailableError({
    store: 'postgres',
    message: 'PostgreSQL at db.internal:5432 is unavailable: connect ECONNREFUSED.',
  });

/** The writes that store a finished exchange: one commit (a turn, or a consensus round), or a thread and its turns. */
const exchangeWrites = new Set<PropertyKey>(['commitTurn', 'createThread', 'appendTurn']);

/**
 * A memory store whose writes of finished exchanges fail with what `failure` returns while it is
 * set; everything else works.
 */
function faultyStore(): SessionStoreV1 & { failure: (() => unknown) | undefined; commits: number } {
  const store = createMemorySessionStore();
  const state = { failure: undefined as (() => unknown) | undefined, commits: 0 };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'failure' || property === 'commits') return state[property];
      const value = Reflect.get(target, property, receiver) as unknown;
      if (exchangeWrites.has(property) && typeof value === 'function') {
        return async (...args: unknown[]) => {
          if (property === 'commitTurn') state.commits += 1;
          const failure = state.failure;
          if (failure !== undefined) throw await failure();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
    set(_target, property, value) {
      if (property !== 'failure') return false;
      state.failure = value as (() => unknown) | undefined;
      return true;
    },
  }) as SessionStoreV1 & { failure: (() => unknown) | undefined; commits: number };
}

let upstream: FakeUpstream;
let harness: ToolHarness | undefined;
let store: ReturnType<typeof faultyStore>;
let lines: string[];
let events: TelemetryEvent[];
let stopListening: () => void;

beforeAll(async () => {
  upstream = await createFakeUpstream();
  stopListening = onTelemetry((event) => events.push(event));
});
afterAll(async () => {
  stopListening();
  await upstream.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  upstream.reset();
});

async function connect(runtime: Partial<ExaiRuntime> = {}): Promise<ToolHarness> {
  store = faultyStore();
  lines = [];
  events = [];
  harness = await connectToolHarness(upstream, {
    runtime: { store, logger: (line) => lines.push(line), ...runtime },
  });
  return harness;
}

const notSavedEvents = () => events.filter((event) => event.type === 'turn-not-saved');

describe('an answer whose turn cannot be stored because the store is unavailable', () => {
  it('is still returned by chat, saying it was not saved and offering no continuation_id', async () => {
    const { call } = await connect();
    store.failure = outage;
    upstream.enqueue({ reply: { text: 'Use an idempotency key.' } });
    const result = await call('chat', { prompt: 'Is this retry safe?', model: 'kimi-k2' });

    expect(result.isError).toBe(false);
    expect(result.text).toBe(
      'Use an idempotency key.\n\n---\n' +
        `Not saved (answered by ${kimiModel}): the session store (postgres) was unavailable ` +
        '(store_unavailable), so this answer cannot be continued with a continuation_id. To go on, ' +
        'include what you need from this answer in the prompt of your next call.',
    );
    expect(result.structured).toMatchObject({
      model: kimiModel,
      not_saved: 'store_unavailable: the session store (postgres) was unavailable',
    });
    expect(result.structured).not.toHaveProperty('continuation_id');
    expect(result.structured).not.toHaveProperty('remaining_exchanges');
    // Nothing was stored, and no usage record calls the answered call a failure.
    expect(store.commits).toBe(1);
    expect((await store.listThreads('default')).items).toEqual([]);
    expect((await store.listUsage('default')).items).toEqual([]);
    // An operator sees why, with the call's correlation id; the metric counts it.
    const warning = lines.find((line) => line.startsWith('exai: warning: chat:'));
    expect(warning).toMatch(
      new RegExp(
        `^exai: warning: chat: returned the answer of ${kimiModel} without storing it in a new conversation: ` +
          'store_unavailable: PostgreSQL at db.internal:5432 is unavailable: connect ECONNREFUSED\\. \\(request \\S+\\)$',
      ),
    );
    expect(lines.some((line) => /^exai: chat ok in \d+ ms/.test(line))).toBe(true);
    expect(notSavedEvents()).toEqual([
      { type: 'turn-not-saved', tool: 'chat', errorCode: 'store_unavailable', tenantId: 'default' },
    ]);
  });

  it('is returned on a continued conversation too, which still ends before it', async () => {
    const { call } = await connect();
    const first = await call('chat', { prompt: 'First question.', model: 'kimi-k2' });
    const id = String(first.structured.continuation_id);
    store.failure = outage;
    upstream.enqueue({ reply: { text: 'Second answer.' } });
    const second = await call('chat', { prompt: 'Second question.', continuation_id: id });

    expect(second.isError).toBe(false);
    expect(second.text).toBe(
      'Second answer.\n\n---\n' +
        `Not saved (answered by ${kimiModel}): the session store (postgres) was unavailable ` +
        `(store_unavailable), so this answer was not added to conversation ${id} and cannot be ` +
        'continued with a continuation_id. To go on, include what you need from this answer in the ' +
        `prompt of your next call; continuation_id ${id} still continues the conversation before it.`,
    );
    expect(second.structured).not.toHaveProperty('continuation_id');
    expect((await store.getThread('default', id))?.turnCount).toBe(2);
    expect((await store.listUsage('default')).items.map((record) => record.status)).toEqual(['ok']);
    expect(lines.some((line) => line.includes(`without storing it in conversation ${id}:`))).toBe(true);

    // Once the store is back the conversation goes on from its last stored turn.
    store.failure = undefined;
    const third = await call('chat', { prompt: 'Third question.', continuation_id: id });
    expect(third.isError).toBe(false);
    expect(third.text).toContain(`continuation_id: ${id} (answered by ${kimiModel}`);
    expect((await store.getThread('default', id))?.turnCount).toBe(4);
  });

  it('is returned by consensus, the workflow tools and clink as well', async () => {
    const { call } = await connect({
      clink: {
        agents: { fake: { command: process.execPath, args: ['-e', 'console.log("Agent answer.")'] } },
      },
    });
    const first = await call('codereview', {
      step: 'Review the retry loop.',
      step_number: 1,
      total_steps: 2,
      next_step_required: true,
      findings: 'It retries a POST.',
      confidence: 'medium',
      model: 'kimi-k2',
    });
    const workflowId = String(first.structured.continuation_id);
    store.failure = outage;

    const consensus = await call('consensus', {
      prompt: 'Which is better?',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'glm-4.6', stance: 'against' },
      ],
    });
    expect(consensus.isError).toBe(false);
    expect(consensus.text).toContain('Hello from the fake upstream.');
    expect(consensus.text).toContain(
      '---\nNot saved (2 of 2 models answered): the session store (postgres) was unavailable ' +
        '(store_unavailable), so this round cannot be continued with a continuation_id.',
    );
    expect(consensus.structured).not.toHaveProperty('continuation_id');

    const review = await call('codereview', {
      step: 'Final.',
      step_number: 2,
      total_steps: 2,
      next_step_required: false,
      findings: 'Nothing else.',
      confidence: 'high',
      model: 'kimi-k2',
      continuation_id: workflowId,
    });
    expect(review.isError).toBe(false);
    expect(review.text).toContain('## Expert analysis');
    expect(review.text).toContain(`so this answer was not added to conversation ${workflowId}`);
    expect(review.structured).toMatchObject({ expert_called: true, status: 'in_progress' });
    expect(review.structured.not_saved).toBe(
      'store_unavailable: the session store (postgres) was unavailable',
    );

    const agent = await call('clink', { prompt: 'Review this.', agent: 'fake' });
    expect(agent.isError).toBe(false);
    expect(agent.text).toMatch(
      /^Agent answer\.\n\n---\nNot saved \(answered by clink:fake\): the session store \(postgres\) was unavailable/,
    );
    expect(agent.structured).not.toHaveProperty('continuation_id');

    expect(notSavedEvents().map((event) => event.type === 'turn-not-saved' && event.tool)).toEqual([
      'consensus',
      'codereview',
      'clink',
    ]);
    expect((await store.listThreads('default')).items.map((thread) => thread.id)).toEqual([workflowId]);
  });

  it('is not kept by the response cache: the same call later asks the model again', async () => {
    const { call } = await connect({
      responseCache: createResponseCache({ backend: createMemoryResponseCacheBackend(), tools: ['chat'] }),
    });
    store.failure = outage;
    const unsaved = await call('chat', { prompt: 'Cache me?', model: 'kimi-k2' });
    expect(unsaved.text).toContain('Not saved (answered by');
    store.failure = undefined;
    const again = await call('chat', { prompt: 'Cache me?', model: 'kimi-k2' });
    expect(again.meta?.['exai/cache']).toBeUndefined();
    expect(again.text).toContain('continuation_id: ');
    expect(upstream.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(2);
  });

  it('is returned whole when it is too long for a page, since its pages cannot be stored either', async () => {
    const { call } = await connect({ limits: { maxResultTokens: 100 } });
    store.failure = outage;
    const long = 'word '.repeat(200).trim();
    upstream.enqueue({ reply: { text: long } });
    const result = await call('chat', { prompt: 'Say a lot.', model: 'kimi-k2' });
    expect(result.isError).toBe(false);
    expect(result.text.startsWith(long)).toBe(true);
    expect(result.text).toContain('Not saved (answered by');
    expect(result.text).toMatch(/\(This result is returned whole: .*\(store_unavailable\)\.\)$/);
    expect(result.meta?.['exai/next_cursor']).toBeUndefined();
  });
});

describe('a failure to store a turn that is not an outage', () => {
  it('stores nothing when the client cancelled, and ends as cancelled, as before', async () => {
    const signals: AbortSignal[] = [];
    const calls = createInFlightCalls();
    const inFlightCalls: InFlightCalls = {
      ...calls,
      start(clientSignal, abortCall) {
        const call = calls.start(clientSignal, abortCall);
        signals.push(call.signal);
        return call;
      },
    };
    const { client } = await connect({ inFlightCalls });
    let committing!: () => void;
    const reachedCommit = new Promise<void>((resolve) => (committing = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    store.failure = async () => {
      committing();
      await released;
      return outage();
    };
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'chat', arguments: { prompt: 'Write it.', model: 'kimi-k2' } },
      undefined,
      { signal: controller.signal },
    );
    await reachedCommit;
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => signals[0]?.aborted).toBe(true);
    release();
    await expect
      .poll(async () => (await store.listUsage('default')).items)
      .toEqual([expect.objectContaining({ status: 'error', errorCode: 'cancelled' })]);
    await expect.poll(() => lines.some((line) => line.startsWith('exai: chat failed:'))).toBe(true);
    expect((await store.listThreads('default')).items).toEqual([]);
    expect(lines.some((line) => line.startsWith('exai: warning:'))).toBe(false);
    expect(notSavedEvents()).toEqual([]);
  });

  it('is returned when the store cannot take the write at all (a store_unavailable not worth retrying)', async () => {
    const { call } = await connect();
    store.failure = () =>
      new StoreUnavailableError({
        store: 'supabase',
        message: 'The Supabase schema cannot store a round of 4 turns: apply migration 7.',
        isRetryable: false,
      });
    const consensus = await call('consensus', {
      prompt: 'Which is better?',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'glm-4.6', stance: 'against' },
      ],
    });
    expect(consensus.isError).toBe(false);
    expect(consensus.text).toContain(
      'Not saved (2 of 2 models answered): the session store (supabase) was unavailable (store_unavailable)',
    );
    expect(lines.some((line) => line.includes('apply migration 7'))).toBe(true);
    expect(notSavedEvents()).toHaveLength(1);
  });

  it('is an error for a programming error in the store, as before', async () => {
    const { call } = await connect();
    store.failure = () => new TypeError("Cannot read properties of undefined (reading 'seq')");
    const result = await call('chat', { prompt: 'Hello?', model: 'kimi-k2' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe("internal_error: Cannot read properties of undefined (reading 'seq')");
    expect(notSavedEvents()).toEqual([]);
    expect((await store.listUsage('default')).items).toEqual([]);
  });

  it('is an error when the conversation was deleted while the model answered, as before', async () => {
    const { call } = await connect();
    const first = await call('chat', { prompt: 'First.', model: 'kimi-k2' });
    const id = String(first.structured.continuation_id);
    store.failure = () => new RecordNotFoundError({ recordType: 'thread', recordId: id });
    const result = await call('chat', { prompt: 'Second.', continuation_id: id });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      new RegExp(`^record_not_found: No conversation with continuation_id "${id}"`),
    );
    expect(notSavedEvents()).toEqual([]);
  });
});
