import { execFileSync } from 'node:child_process';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { workflowEntries } from '../tool-catalogue/workflow-entries.js';
import { connectTenantHarness, type TenantHarness } from '../tools/tenant-test-helpers.js';
import { chatBodies, shownText, type CallResult } from '../tools/tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: TenantHarness;
let tree: TemporaryTree;
let repository: string;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  upstream.handle(() => ({ reply: { text: 'An answer.' } }));
  tree = await createTemporaryTree();
  await tree.write({ 'notes/spec.md': '# Spec\nThe limit is 42.\n' });
  repository = tree.at('notes');
  execFileSync('git', ['init', '-q', repository]);
  harness = await connectTenantHarness(upstream, {
    runtime: { files: createFileService({ allowedRoots: [tree.base] }), limits: { maxResultTokens: 1000 } },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

const alice = () => harness.as('alice');
const bob = () => harness.as('bob');

/**
 * The answer to a call naming a thread that is not the caller's: `not_found`, exactly as for an
 * id that never existed (the id replaced), never a refusal that would tell the thread exists.
 */
async function expectNotFound(result: CallResult, id: string, guessed: () => Promise<CallResult>) {
  expect(result.isError, result.text).toBe(true);
  expect(result.text).toMatch(/^record_not_found: /);
  expect(result.text).not.toMatch(/forbidden|permission|denied|tenant|another/i);
  const other = await guessed();
  expect(other.isError).toBe(true);
  expect(result.text.replaceAll(id, 'ID')).toBe(other.text.replaceAll('guessed-0000', 'ID'));
}

const chatIdOf = (result: CallResult) => result.structured.continuation_id as string;

describe('tenant isolation through every tool', () => {
  it('chat: another tenant cannot continue a conversation, and sends nothing upstream', async () => {
    const started = await alice().call('chat', { prompt: 'Secret plan: X' });
    expect(started.isError, started.text).toBe(false);
    const id = chatIdOf(started);
    const before = upstream.requests.length;
    const stolen = await bob().call('chat', { prompt: 'What did I say?', continuation_id: id });
    await expectNotFound(stolen, id, () =>
      bob().call('chat', { prompt: 'What did I say?', continuation_id: 'guessed-0000' }),
    );
    expect(upstream.requests.length).toBe(before);
    // The owner still continues it, and it was not changed by the attempt.
    const continued = await alice().call('chat', { prompt: 'And then?', continuation_id: id });
    expect(continued.isError, continued.text).toBe(false);
    expect((await harness.store.getThread('alice', id))?.turnCount).toBe(4);
  });

  it('threads: list, search, show and delete see only the caller’s own threads', async () => {
    const id = chatIdOf(await alice().call('chat', { prompt: 'Secret plan: X' }));
    const mine = chatIdOf(await bob().call('chat', { prompt: 'My own question' }));

    const listed = await bob().call('threads', { action: 'list' });
    expect(listed.text).toContain(mine);
    expect(listed.text).not.toContain(id);
    const searched = await bob().call('threads', { action: 'search', query: 'Secret plan' });
    expect(searched.text).not.toContain(id);
    expect(searched.structured.threads).toEqual([]);

    for (const action of ['show', 'delete'] as const) {
      const result = await bob().call('threads', { action, id });
      await expectNotFound(result, id, () => bob().call('threads', { action, id: 'guessed-0000' }));
    }
    expect(await harness.store.getThread('alice', id)).toBeDefined();
    expect((await harness.store.listAudit('alice')).items.map((event) => event.action)).not.toContain(
      'thread.delete',
    );
  });

  it('an unauthenticated call is the local tenant, which sees no authenticated tenant’s threads', async () => {
    const id = chatIdOf(await alice().call('chat', { prompt: 'Secret plan: X' }));
    const local = await harness.as(undefined).call('threads', { action: 'list' });
    expect(local.text).not.toContain(id);
    const show = await harness.as(undefined).call('threads', { action: 'show', id });
    expect(show.text).toMatch(/^record_not_found: /);
    const own = chatIdOf(await harness.as(undefined).call('chat', { prompt: 'local' }));
    expect(await harness.store.getThread('default', own)).toBeDefined();
  });

  it('page: another tenant cannot read the pages of a long result by its cursor', async () => {
    upstream.handle(() => ({ reply: { text: `${'long line of text\n'.repeat(600)}` } }));
    const first = await alice().call('chat', { prompt: 'Write a lot' });
    const cursor = first.meta?.['exai/next_cursor'] as string;
    expect(cursor).toEqual(expect.any(String));
    const stolen = await bob().call('page', { cursor });
    const threadId = cursor.split(':')[0]!;
    await expectNotFound(stolen, threadId, () => bob().call('page', { cursor: 'guessed-0000:2' }));
    expect((await alice().call('page', { cursor })).isError).toBe(false);
  });

  it('consensus: another tenant cannot continue a consensus conversation', async () => {
    const models = [
      { model: 'kimi:kimi-k2', stance: 'for' },
      { model: 'glm:glm-4.6', stance: 'against' },
    ];
    const started = await alice().call('consensus', { prompt: 'Tabs or spaces?', models });
    expect(started.isError, started.text).toBe(false);
    const id = chatIdOf(started);
    const before = upstream.requests.length;
    const stolen = await bob().call('consensus', { prompt: 'More?', models, continuation_id: id });
    await expectNotFound(stolen, id, () =>
      bob().call('consensus', { prompt: 'More?', models, continuation_id: 'guessed-0000' }),
    );
    expect(upstream.requests.length).toBe(before);
  });

  it('file_query: uploads and their records are per tenant, and conversations stay the owner’s', async () => {
    const spec = tree.at('notes/spec.md');
    const uploads = () => upstream.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');
    const first = await alice().call('file_query', { question: 'Limit?', files: [spec] });
    expect(first.isError, first.text).toBe(false);
    expect(uploads()).toHaveLength(1);
    // The same bytes from another tenant are uploaded again: no provider file id crosses tenants.
    const second = await bob().call('file_query', { question: 'Limit?', files: [spec] });
    expect(second.isError, second.text).toBe(false);
    expect(uploads()).toHaveLength(2);
    expect((second.structured.files as Array<{ uploaded: boolean }>)[0]?.uploaded).toBe(true);
    expect((await harness.store.listFileRecords('alice')).items).toHaveLength(1);
    expect((await harness.store.listFileRecords('bob')).items).toHaveLength(1);

    const id = chatIdOf(first);
    const stolen = await bob().call('file_query', { question: 'And?', continuation_id: id });
    await expectNotFound(stolen, id, () =>
      bob().call('file_query', { question: 'And?', continuation_id: 'guessed-0000' }),
    );
  });

  it('web_search (answered by a model): another tenant’s continuation_id never reaches its thread', async () => {
    await harness.close();
    harness = await connectTenantHarness(upstream, { providers: ['kimi'] });
    upstream.handle((request) => {
      const messages = (request.body as { messages?: Array<{ role: string }> }).messages ?? [];
      return messages.some((message) => message.role === 'tool')
        ? { reply: { text: '- [A](https://a.example/) — a\nAnswer: a' } }
        : undefined;
    });
    const started = await alice().call('web_search', { query: 'vitest pools' });
    expect(started.isError, started.text).toBe(false);
    const id = chatIdOf(started);
    const turnsBefore = (await harness.store.getThread('alice', id))?.turnCount;
    // web_search starts a new conversation on every call; the id given is not read at all.
    const other = await bob().call('web_search', { query: 'more', continuation_id: id });
    expect(other.isError, other.text).toBe(false);
    expect(chatIdOf(other)).not.toBe(id);
    expect(shownText(chatBodies(upstream).at(-1)!)).not.toContain('vitest pools');
    expect((await harness.store.getThread('alice', id))?.turnCount).toBe(turnsBefore);
    expect(await harness.store.getThread('bob', id)).toBeUndefined();
  });

  for (const entry of workflowEntries) {
    it(`${entry.name}: another tenant cannot continue, or read the state of, a workflow`, async () => {
      const step = {
        step: 'Look at the cache.',
        total_steps: 2,
        findings: 'none yet',
        ...(entry.name === 'precommit' && { path: repository }),
      };
      const started = await alice().call(entry.name, { ...step, step_number: 1, next_step_required: true });
      expect(started.isError, started.text).toBe(false);
      const id = chatIdOf(started);
      const next = { ...step, step_number: 2, next_step_required: false, use_assistant_model: false };
      const stolen = await bob().call(entry.name, { ...next, continuation_id: id });
      await expectNotFound(stolen, id, () =>
        bob().call(entry.name, { ...next, continuation_id: 'guessed-0000' }),
      );
      const restart = await bob().call(entry.name, {
        ...step,
        step_number: 1,
        next_step_required: true,
        continuation_id: id,
      });
      expect(restart.text).toMatch(/^record_not_found: /);
      expect(await harness.store.getWorkflowState('alice', id)).toMatchObject({
        state: { tool: entry.name, status: 'in_progress' },
      });
    });
  }
});
