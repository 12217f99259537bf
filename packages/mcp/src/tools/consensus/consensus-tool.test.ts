import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService, createMemorySessionStore, StoreUnavailableError } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import {
  chatBodies,
  connectToolHarness,
  shownText,
  systemText,
  type ToolHarness,
} from '../tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await connectToolHarness(upstream);
});
afterEach(async () => {
  await harness.close();
});

/** Each model answers with a text naming its model and stance, after a delay so calls overlap. */
function answerByStance(delayInMs = 300): void {
  upstream.handle((request) => {
    const system = systemText(request);
    const model = (request.body as { model: string }).model;
    if (system.includes('Synthesise')) return { reply: { text: `SYNTHESIS by ${model}` } };
    const stance = /Your stance: (\w+)/.exec(system)?.[1] ?? 'CUSTOM';
    return { reply: { text: `ANSWER ${stance} from ${model}` }, delayBeforeHeadersMs: delayInMs };
  });
}

const twoModels = [
  { model: 'kimi:kimi-k2', stance: 'for' },
  { model: 'glm:glm-4.6', stance: 'against' },
];

describe('consensus', () => {
  it('asks every model in parallel, each blind to the others, and stores one round', async () => {
    answerByStance();
    const result = await harness.call('consensus', {
      prompt: 'Should we move the cache to Redis?',
      models: [...twoModels, { model: 'kimi:kimi-k2', stance: 'neutral' }],
    });
    expect(result.isError).toBe(false);
    const bodies = chatBodies(upstream);
    expect(bodies).toHaveLength(3);

    // Parallel: every request arrived before the first answer could have been sent.
    const arrivals = upstream.requests.map((request) => request.receivedAt);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(300);

    // Blind: no request carries another model's answer, and each has its own stance prompt.
    for (const body of bodies) {
      expect(shownText(body)).not.toContain('ANSWER');
      expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Should we move the cache to Redis?' });
    }
    const stances = upstream.requests.map((request) => /Your stance: (\w+)/.exec(systemText(request))?.[1]);
    expect(stances.sort()).toEqual(['AGAINST', 'FOR', 'NEUTRAL']);

    expect(result.text).toContain(
      '## kimi:kimi-k2-0905-preview (for)\n\nANSWER FOR from kimi-k2-0905-preview',
    );
    expect(result.text).toContain('## glm:glm-4.6 (against)\n\nANSWER AGAINST from glm-4.6');
    const {
      continuation_id: threadId,
      answers,
      failures,
    } = result.structured as {
      continuation_id: string;
      answers: Array<{ model: string; stance: string }>;
      failures: unknown[];
    };
    expect(result.text).toContain(`continuation_id: ${threadId} (3 of 3 models answered`);
    expect(answers).toEqual([
      { model: 'kimi:kimi-k2-0905-preview', stance: 'for' },
      { model: 'glm:glm-4.6', stance: 'against' },
      { model: 'kimi:kimi-k2-0905-preview', stance: 'neutral' },
    ]);
    expect(failures).toEqual([]);

    const turns = await harness.store.listTurns('default', threadId);
    expect(turns.map((turn) => [turn.role, turn.model ?? null, turn.metadata.stance ?? null])).toEqual([
      ['user', null, null],
      ['assistant', 'kimi:kimi-k2-0905-preview', 'for'],
      ['assistant', 'glm:glm-4.6', 'against'],
      ['assistant', 'kimi:kimi-k2-0905-preview', 'neutral'],
    ]);
    expect(turns[2]?.content).toBe('[glm:glm-4.6, stance: against]\nANSWER AGAINST from glm-4.6');
    const usage = await harness.store.listUsage('default');
    expect(usage.items).toHaveLength(3);
    const audit = await harness.store.listAudit('default', { action: 'tool.consensus' });
    expect(audit.items[0]?.target).toBe(threadId);
  });

  it('stores a round all together or not at all: an outage at its last write leaves none of it', async () => {
    answerByStance(20);
    let failAudit = false;
    const store = createMemorySessionStore({
      beforeWrite(recordType) {
        if (failAudit && recordType === 'audit') {
          throw new StoreUnavailableError({ store: 'memory', message: 'the store went away' });
        }
      },
    });
    await harness.close();
    harness = await connectToolHarness(upstream, { runtime: { store } });
    const first = await harness.call('consensus', { prompt: 'Tabs or spaces?', models: twoModels });
    const threadId = String(first.structured.continuation_id);
    const before = {
      turns: await store.listTurns('default', threadId),
      usage: await store.listUsage('default'),
    };
    expect(before.turns).toHaveLength(3);

    const nextRound = {
      prompt: 'And for YAML?',
      models: twoModels,
      synthesis_model: 'kimi-k2',
      continuation_id: threadId,
    };
    failAudit = true;
    const second = await harness.call('consensus', nextRound);
    expect(second.isError).toBe(false);
    expect(second.text).toContain('Not saved (2 of 2 models answered)');
    // Nothing of the round: no user turn, no answer, no synthesis, no usage record.
    expect(await store.listTurns('default', threadId)).toEqual(before.turns);
    expect((await store.getThread('default', threadId))?.turnCount).toBe(3);
    expect(await store.listUsage('default')).toEqual(before.usage);

    failAudit = false;
    const third = await harness.call('consensus', nextRound);
    expect(third.isError).toBe(false);
    const turns = await store.listTurns('default', threadId);
    expect(turns.map((turn) => turn.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(turns.at(-1)?.content).toContain('[synthesis by kimi:kimi-k2-0905-preview]');
    expect((await store.listUsage('default')).items).toHaveLength(before.usage.items.length + 3);
  });

  it('synthesises all answers; continued, each model sees only its own earlier answer', async () => {
    answerByStance(20);
    const first = await harness.call('consensus', {
      prompt: 'Tabs or spaces?',
      models: twoModels,
      synthesis_model: 'kimi-k2',
    });
    expect(first.isError).toBe(false);
    const synthesisBody = chatBodies(upstream).find((body) => shownText(body).includes('Synthesise'));
    const synthesisMessage = String(synthesisBody?.messages.at(-1)?.content);
    expect(synthesisMessage).toContain('Tabs or spaces?');
    expect(synthesisMessage).toContain('ANSWER FOR from kimi-k2-0905-preview');
    expect(synthesisMessage).toContain('ANSWER AGAINST from glm-4.6');
    expect(first.text).toContain(
      '## Synthesis (kimi:kimi-k2-0905-preview)\n\nSYNTHESIS by kimi-k2-0905-preview',
    );
    const { continuation_id: threadId, synthesis_model } = first.structured as {
      continuation_id: string;
      synthesis_model: string;
    };
    expect(synthesis_model).toBe('kimi:kimi-k2-0905-preview');
    expect((await harness.store.getThread('default', threadId))?.turnCount).toBe(4);

    upstream.reset();
    answerByStance(20);
    const second = await harness.call('consensus', {
      prompt: 'And for YAML?',
      models: twoModels,
      continuation_id: threadId,
    });
    expect(second.isError).toBe(false);
    expect(second.structured.continuation_id).toBe(threadId);
    // Blind on continuation too: each model sees the earlier question and its own answer only,
    // neither the other model's answer nor the synthesis, as its system prompt says.
    const bodies = chatBodies(upstream);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      const own =
        body.model === 'glm-4.6'
          ? '[glm:glm-4.6, stance: against]\nANSWER AGAINST from glm-4.6'
          : '[kimi:kimi-k2-0905-preview, stance: for]\nANSWER FOR from kimi-k2-0905-preview';
      expect(body.messages.slice(1)).toEqual([
        { role: 'user', content: 'Tabs or spaces?' },
        { role: 'assistant', content: own },
        { role: 'user', content: 'And for YAML?' },
      ]);
      expect(String(body.messages[0]?.content)).toContain(
        'earlier in the conversation you see only your own answers',
      );
    }
    expect((await harness.store.getThread('default', threadId))?.turnCount).toBe(7);

    // A later chat on the thread sees the whole exchange, each part labelled.
    upstream.reset();
    upstream.handle(() => ({ reply: { text: 'ok' } }));
    await harness.call('chat', { prompt: 'Summarise.', model: 'kimi-k2', continuation_id: threadId });
    expect(chatBodies(upstream)[0]?.messages[2]?.content).toBe(
      '[kimi:kimi-k2-0905-preview, stance: for]\nANSWER FOR from kimi-k2-0905-preview\n\n' +
        '[glm:glm-4.6, stance: against]\nANSWER AGAINST from glm-4.6\n\n' +
        '[synthesis by kimi:kimi-k2-0905-preview]\nSYNTHESIS by kimi-k2-0905-preview',
    );
  });

  it('reports a failed model and keeps the others; fails clearly when every model fails', async () => {
    upstream.handle((request) =>
      (request.body as { model: string }).model === 'glm-4.6'
        ? { status: 400, body: { error: { message: 'model overloaded today' } } }
        : { reply: { text: 'Fine by me.' } },
    );
    const partial = await harness.call('consensus', { prompt: 'Ship it?', models: twoModels });
    expect(partial.isError).toBe(false);
    const failures = partial.structured.failures as Array<{ model: string; code: string; message: string }>;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ model: 'glm:glm-4.6', code: 'bad_request' });
    expect(partial.text).toMatch(/## Failed\n\n- glm:glm-4\.6: bad_request: /);
    expect(partial.text).toContain('1 of 2 models answered');
    const usage = await harness.store.listUsage('default');
    expect(usage.items.map((item) => item.status).sort()).toEqual(['error', 'ok']);
    expect(usage.items.find((item) => item.status === 'error')).toMatchObject({
      model: 'glm:glm-4.6',
      errorCode: 'bad_request',
      threadId: partial.structured.continuation_id,
    });

    // Usage records name the resolved provider:model, for the synthesis too.
    upstream.reset();
    upstream.handle((request) =>
      (request.body as { model: string }).model === 'glm-4.6' ? { reply: { text: 'Yes.' } } : { status: 400 },
    );
    const aliased = await harness.call('consensus', {
      prompt: 'Ship it now?',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'glm:glm-4.6', stance: 'against' },
      ],
      synthesis_model: 'kimi-k2',
    });
    expect(aliased.isError).toBe(false);
    const aliasedFailures = (await harness.store.listUsage('default')).items.filter(
      (item) => item.threadId === aliased.structured.continuation_id && item.status === 'error',
    );
    expect(aliasedFailures.map((item) => item.model)).toEqual([
      'kimi:kimi-k2-0905-preview',
      'kimi:kimi-k2-0905-preview',
    ]);

    upstream.reset();
    upstream.handle(() => ({ status: 400 }));
    const none = await harness.call('consensus', { prompt: 'Ship it?', models: twoModels });
    expect(none.isError).toBe(true);
    expect(none.text).toMatch(
      /^all_models_failed: Every consensus model failed:\n {2}- kimi:kimi-k2: bad_request/,
    );
    expect(none.text).toContain('- glm:glm-4.6: bad_request');
    // Every model failing still leaves one usage record per model asked; they name the thread the
    // round would have been stored in (never created: no model answered).
    const noneUsage = (await harness.store.listUsage('default')).items.slice(0, 2);
    expect(noneUsage.map((item) => [item.model, item.status, item.errorCode]).sort()).toEqual([
      ['glm:glm-4.6', 'error', 'bad_request'],
      ['kimi:kimi-k2-0905-preview', 'error', 'bad_request'],
    ]);
    expect(noneUsage[0]?.threadId).toBeDefined();
    expect(noneUsage[1]?.threadId).toBe(noneUsage[0]?.threadId);
    expect(await harness.store.getThread('default', noneUsage[0]!.threadId!)).toBeUndefined();
  });

  it('records no usage for a model name that does not resolve: no model was asked', async () => {
    upstream.handle(() => ({ reply: { text: 'Fine by me.' } }));
    const result = await harness.call('consensus', {
      prompt: 'Ship it?',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'no-such-model-anywhere', stance: 'against' },
      ],
    });
    expect(result.isError).toBe(false);
    expect(result.structured.failures).toEqual([
      expect.objectContaining({ model: 'no-such-model-anywhere', code: 'no_such_model' }),
    ]);
    const usage = await harness.store.listUsage('default');
    expect(usage.items).toEqual([
      expect.objectContaining({ model: 'kimi:kimi-k2-0905-preview', status: 'ok' }),
    ]);
  });

  it('sends growing progress while the models stream', async () => {
    upstream.handle(() => ({ reply: { text: 'one two three four five six', chunks: 4 }, chunkDelayMs: 30 }));
    const updates: Progress[] = [];
    const result = await harness.call('consensus', { prompt: 'Count.', models: twoModels }, (progress) =>
      updates.push(progress),
    );
    expect(result.isError).toBe(false);
    const values = updates.map((update) => update.progress);
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    expect(updates.at(-1)?.message).toMatch(/^2\/2 answered; /);
  });

  it('shows files to every model, and refuses an unreadable file before calling any', async () => {
    const tree: TemporaryTree = await createTemporaryTree();
    await harness.close();
    harness = await connectToolHarness(upstream, {
      runtime: { files: createFileService({ allowedRoots: [tree.base] }) },
    });
    try {
      await tree.write({ 'plan.md': 'Step 1: move the cache.\n' });
      upstream.handle(() => ({ reply: { text: 'ok' } }));
      const result = await harness.call('consensus', {
        prompt: 'Review the plan.',
        models: twoModels,
        files: [tree.at('plan.md')],
      });
      expect(result.isError).toBe(false);
      for (const body of chatBodies(upstream)) expect(shownText(body)).toContain('Step 1: move the cache.');

      upstream.reset();
      const refused = await harness.call('consensus', {
        prompt: 'Review.',
        models: twoModels,
        files: ['/etc/passwd'],
      });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/^path_not_allowed: /);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await tree.remove();
    }
  });

  it('stores its round as one block while a chat on the same thread runs in parallel', async () => {
    const memory = createMemorySessionStore();
    // Appends that take a while, as a database's do.
    const store = {
      ...memory,
      async appendTurn(input: Parameters<typeof memory.appendTurn>[0]) {
        await delay(10);
        return memory.appendTurn(input);
      },
    };
    await harness.close();
    harness = await connectToolHarness(upstream, { runtime: { store } });
    upstream.handle(() => ({ reply: { text: 'ok' } }));
    const first = await harness.call('chat', { prompt: 'Start.', model: 'kimi-k2' });
    const threadId = String(first.structured.continuation_id);
    await Promise.all([
      harness.call('consensus', { prompt: 'Round?', models: twoModels, continuation_id: threadId }),
      harness.call('chat', { prompt: 'Meanwhile?', model: 'kimi-k2', continuation_id: threadId }),
    ]);
    const turns = (await store.listTurns('default', threadId)).slice(2);
    const round = turns.findIndex((turn) => turn.content === 'Round?');
    expect(turns.slice(round, round + 3).map((turn) => [turn.role, turn.toolName])).toEqual([
      ['user', 'consensus'],
      ['assistant', 'consensus'],
      ['assistant', 'consensus'],
    ]);
    expect(turns).toHaveLength(5);
  });

  it('refuses a model named twice with one stance, naming both entries, before calling any', async () => {
    upstream.handle(() => ({ reply: { text: 'ok' } }));
    const twice = await harness.call('consensus', {
      prompt: 'Hi',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'glm:glm-4.6', stance: 'against' },
        { model: 'kimi:kimi-k2-0905-preview', stance: 'for' },
      ],
    });
    expect(twice.isError).toBe(true);
    expect(twice.text).toBe(
      'invalid_argument: models lists kimi:kimi-k2-0905-preview with stance "for" twice ' +
        '(entry 1: "kimi-k2", entry 3: "kimi:kimi-k2-0905-preview"). Each model may appear once per ' +
        'stance: remove one, or give it another stance (its stance_prompt can still say how it should argue).',
    );
    expect(upstream.requests).toHaveLength(0);

    // The same model with two stances is two participants.
    const sides = await harness.call('consensus', {
      prompt: 'Hi',
      models: [
        { model: 'kimi-k2', stance: 'for' },
        { model: 'kimi-k2', stance: 'against' },
      ],
    });
    expect(sides.isError).toBe(false);
    expect(chatBodies(upstream)).toHaveLength(2);
  });

  it('validates the model list', async () => {
    const one = await harness.call('consensus', {
      prompt: 'Hi',
      models: [{ model: 'kimi-k2', stance: 'for' }],
    });
    expect(one.isError).toBe(true);
    expect(one.text).toMatch(/models/);
    expect(upstream.requests).toHaveLength(0);
  });
});
