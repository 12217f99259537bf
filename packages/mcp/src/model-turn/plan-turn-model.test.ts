import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tools/tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;
let tree: TemporaryTree;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(async () => {
  upstream.reset();
  tree = await createTemporaryTree();
  await tree.write({ 'spec.md': '# Spec\nThe limit is 42.\n' });
  harness = await connectToolHarness(upstream, {
    runtime: { files: createFileService({ allowedRoots: [tree.base] }) },
  });
});
afterEach(async () => {
  await harness.close();
  await tree.remove();
});

/** `provider:model` of a model that `auto` does not pick, so keeping it is visible. */
function notAuto(): { spec: string; path: string } {
  const auto = harness.runtime.registry.plan('auto').primary.spec;
  return auto.startsWith('glm:')
    ? { spec: 'kimi:kimi-k2-0905-preview', path: '/v1/chat/completions' }
    : { spec: 'glm:glm-4.6', path: '/glm/chat/completions' };
}

const chatPaths = () =>
  upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.path);

describe('a continued conversation keeps its model', () => {
  it('chat: without model the thread’s model answers; naming another switches and says so', async () => {
    const { spec, path } = notAuto();
    const first = await harness.call('chat', { prompt: 'Hi', model: spec });
    const id = first.structured.continuation_id as string;
    const kept = await harness.call('chat', { prompt: 'And?', continuation_id: id });
    expect(kept.isError).toBe(false);
    expect(kept.structured.model).toBe(spec);
    expect(chatPaths()).toEqual([path, path]);
    expect(kept.text).not.toContain('model changed');

    const auto = harness.runtime.registry.plan('auto').primary.spec;
    const switched = await harness.call('chat', { prompt: 'Now you.', continuation_id: id, model: 'auto' });
    expect(switched.structured.model).toBe(auto);
    expect(switched.text).toContain(
      `model changed from ${spec}, this conversation's model, to ${auto} as asked`,
    );
    // The thread's model is now the one that answered last.
    const after = await harness.call('chat', { prompt: 'Again.', continuation_id: id });
    expect(after.structured.model).toBe(auto);
  });

  it('a workflow’s expert call continuing a chat thread keeps the chat’s model', async () => {
    const { spec, path } = notAuto();
    const first = await harness.call('chat', { prompt: 'Hi', model: spec });
    const result = await harness.call('thinkdeep', {
      step: 'Should the cache be per tenant?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'Tenants share one cache today.',
      confidence: 'medium',
      continuation_id: first.structured.continuation_id,
    });
    expect(result.isError).toBe(false);
    expect(chatPaths()).toEqual([path, path]);

    const auto = harness.runtime.registry.plan('auto').primary.spec;
    const named = await harness.call('thinkdeep', {
      step: 'And the sessions?',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'Sessions are per tenant.',
      confidence: 'medium',
      model: 'auto',
      continuation_id: first.structured.continuation_id,
    });
    expect(named.text).toContain(
      `model changed from ${spec}, this conversation's model, to ${auto} as asked`,
    );
  });

  it('file_query keeps the model of the conversation it continues', async () => {
    const first = await harness.call('file_query', {
      question: 'What is the limit?',
      files: [tree.at('spec.md')],
      model: 'glm:glm-4.6',
    });
    expect(first.structured.model).toBe('glm:glm-4.6');
    const next = await harness.call('file_query', {
      question: 'Say it again.',
      continuation_id: first.structured.continuation_id,
    });
    expect(next.isError).toBe(false);
    expect(next.structured.model).toBe('glm:glm-4.6');
  });

  it('a thread model that can no longer answer falls back to the default and says why', async () => {
    const first = await harness.call('chat', { prompt: 'Hi', model: 'glm:glm-4.6' });
    const id = first.structured.continuation_id as string;
    const kimiOnly = await connectToolHarness(upstream, {
      providers: ['kimi'],
      runtime: { store: harness.store },
    });
    try {
      const next = await kimiOnly.call('chat', { prompt: 'And?', continuation_id: id });
      expect(next.isError).toBe(false);
      expect(next.structured.model).toMatch(/^kimi:/);
      expect(next.text).toContain(
        "this conversation's model glm:glm-4.6 cannot answer this call (no_such_model",
      );
      expect(next.text).toContain(`it is answered by ${String(next.structured.model)} instead`);
    } finally {
      await kimiOnly.close();
    }
  });
});

describe('a tool default model that does not resolve', () => {
  it('names tools.<name>.model and the file it was written in', async () => {
    const configured = await connectToolHarness(upstream, {
      runtime: { toolModels: { chat: 'kimi-k3' }, toolModelsSource: '/home/me/exai.config.json' },
    });
    try {
      const result = await configured.call('chat', { prompt: 'Hi' });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('no_such_model: Unknown model "kimi-k3"');
      expect(result.text).toContain(
        'The model "kimi-k3" comes from tools.chat.model in /home/me/exai.config.json: fix it there',
      );
      const named = await configured.call('chat', { prompt: 'Hi', model: 'kimi-k2' });
      expect(named.isError).toBe(false);
    } finally {
      await configured.close();
    }
  });
});
