import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '@exai/core';
import { connectToolHarness } from '../tool-test-helpers.js';
import { codereviewTool, debugTool, thinkdeepTool } from './tools/index.js';
import {
  chatRequests,
  createWorkflowHarness,
  structuredOf,
  textOf,
  type WorkflowHarness,
} from './workflow-test-helpers.js';

let upstream: FakeUpstream;
let harness: WorkflowHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await createWorkflowHarness(upstream, [codereviewTool, debugTool, thinkdeepTool]);
});
afterEach(async () => {
  await harness.close();
});

const review = (args: Record<string, unknown>, options?: { onprogress?: (progress: Progress) => void }) =>
  harness.client.callTool({ name: 'codereview', arguments: args }, undefined, options);

describe('the workflow engine, driven through codereview', () => {
  it('records three steps, consolidates them, and calls the expert once with the file as it is now', async () => {
    await harness.tree.write({ 'src/auth.ts': 'export const check = (a, b) => a == b;\n' });
    const file = harness.tree.at('src/auth.ts');

    const first = await review({
      step: 'Review the token check in src/auth.ts.',
      step_number: 1,
      total_steps: 3,
      next_step_required: true,
      findings: 'Token compared with ==.',
      files_checked: [file],
      relevant_files: [file],
      issues_found: [{ severity: 'high', description: 'Token compared with ==', file, line: 1 }],
      confidence: 'low',
    });
    expect(first.isError).toBeFalsy();
    const id = structuredOf(first).continuation_id;
    expect(textOf(first)).toContain(`continuation_id: ${id}`);
    expect(textOf(first)).toContain('no model was called');
    expect(textOf(first)).toContain('step_number 2');
    expect(upstream.requests).toHaveLength(0);
    const thread = await harness.store.getThread('default', id);
    expect(thread?.metadata).toMatchObject({ tool: 'codereview', kind: 'workflow' });

    const second = await review({
      step: 'Check the callers.',
      step_number: 2,
      total_steps: 3,
      next_step_required: true,
      findings: 'The check is used by the login route.',
      relevant_context: ['check'],
      issues_found: [
        { severity: 'high', description: 'Token  compared with ==', file, line: 1 },
        { severity: 'medium', description: 'No rate limit on login' },
      ],
      confidence: 'medium',
      continuation_id: id,
    });
    expect(second.isError).toBeFalsy();
    const consolidated = structuredOf(second).consolidated as { issues: unknown[]; relevant_files: string[] };
    expect(consolidated.issues).toHaveLength(2);
    expect(consolidated.relevant_files).toEqual([file]);
    expect(structuredOf(second).steps_recorded).toEqual([1, 2]);
    expect(upstream.requests).toHaveLength(0);

    await harness.tree.write({
      'src/auth.ts': 'export const check = (a, b) => timingSafeEqual(a, b); // CURRENT\n',
    });
    upstream.enqueue({ reply: { text: 'Confirmed: the == comparison leaks timing.' } });
    const third = await review({
      step: 'Final: summarise.',
      step_number: 3,
      total_steps: 3,
      next_step_required: false,
      findings: 'Nothing new.',
      confidence: 'high',
      continuation_id: id,
    });
    expect(third.isError).toBeFalsy();
    const bodies = chatRequests(upstream);
    expect(bodies).toHaveLength(1);
    const sent = bodies[0]?.messages ?? [];
    expect(sent[0]?.content).toContain('principal engineer doing a code review');
    const last = sent.at(-1)?.content ?? '';
    expect(last).toContain('timingSafeEqual(a, b); // CURRENT');
    expect(last).not.toContain('a == b');
    expect(last).toContain('[high] Token compared with ==');
    expect(last).toContain('[medium] No rate limit on login');
    expect(last).toContain('Step 2: The check is used by the login route.');
    // The earlier steps are in the thread's history the expert sees (consecutive user turns merged).
    expect(sent.map((message) => message.role)).toEqual(['system', 'user']);
    expect(last).toMatch(
      /^codereview step 1\/3: Review the token check in src\/auth\.ts\.\n\ncodereview step 2\/3: Check the callers\./,
    );

    const text = textOf(third);
    expect(text).toMatch(/^## Expert analysis \(kimi:/);
    expect(text).toContain('Confirmed: the == comparison leaks timing.');
    expect(text).toContain('## Consolidated findings (3 steps, confidence high)');
    expect(text).toContain(`continuation_id: ${id}`);
    expect(structuredOf(third)).toMatchObject({
      continuation_id: id,
      status: 'complete',
      expert_called: true,
    });

    const turns = await harness.store.listTurns('default', id);
    expect(turns.map((turn) => [turn.role, turn.content])).toEqual([
      ['user', 'codereview step 1/3: Review the token check in src/auth.ts.'],
      ['user', 'codereview step 2/3: Check the callers.'],
      ['user', 'codereview step 3/3 (final): Final: summarise.'],
      ['assistant', 'Confirmed: the == comparison leaks timing.'],
    ]);
    const state = await harness.store.getWorkflowState('default', id);
    expect(state?.state).toMatchObject({ tool: 'codereview', status: 'complete', expert: { stepNumber: 3 } });
  });

  it('backtracks: steps from backtrack_from_step on are discarded with their issues and files', async () => {
    await harness.tree.write({ 'a.ts': 'a\n', 'b.ts': 'b\n' });
    const base = { total_steps: 4, next_step_required: true, confidence: 'low' };
    const first = await review({
      ...base,
      step: 'One',
      step_number: 1,
      findings: 'A is fine.',
      relevant_files: [harness.tree.at('a.ts')],
    });
    const id = structuredOf(first).continuation_id;
    await review({
      ...base,
      step: 'Two',
      step_number: 2,
      findings: 'B is broken.',
      relevant_files: [harness.tree.at('b.ts')],
      issues_found: [{ severity: 'critical', description: 'B is broken' }],
      continuation_id: id,
    });
    await review({ ...base, step: 'Three', step_number: 3, findings: 'More on B.', continuation_id: id });

    const unknown = await review({
      ...base,
      step: 'Nine',
      step_number: 9,
      findings: 'x',
      backtrack_from_step: 7,
      continuation_id: id,
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^invalid_argument: backtrack_from_step 7 .*steps 1, 2, 3/);

    const back = await review({
      ...base,
      step: 'B was a false alarm.',
      step_number: 4,
      findings: 'B is fine after all.',
      backtrack_from_step: 2,
      continuation_id: id,
    });
    expect(back.isError).toBeFalsy();
    expect(textOf(back)).toContain('Discarded steps 2, 3');
    const structured = structuredOf(back);
    expect(structured.steps_recorded).toEqual([1, 4]);
    expect(structured.discarded_steps).toEqual([2, 3]);
    expect(structured.consolidated).toMatchObject({ issues: [], relevant_files: [harness.tree.at('a.ts')] });

    // Sending a recorded step number again replaces that step and what followed it.
    const again = await review({
      ...base,
      step: 'One, again',
      step_number: 1,
      findings: 'Restart.',
      continuation_id: id,
    });
    expect(structuredOf(again).steps_recorded).toEqual([1]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('calls no model on the final step with confidence certain or use_assistant_model false, and says so', async () => {
    const certain = await review({
      step: 'Quick look.',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'All good.',
      confidence: 'certain',
    });
    expect(certain.isError).toBeFalsy();
    expect(textOf(certain)).toContain('No expert model was called: confidence is certain.');
    expect(structuredOf(certain)).toMatchObject({ status: 'complete', expert_called: false });

    const declined = await review({
      step: 'Quick look.',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'All good.',
      confidence: 'medium',
      use_assistant_model: false,
    });
    expect(textOf(declined)).toContain('No expert model was called: use_assistant_model is false.');
    expect(upstream.requests).toHaveLength(0);
    const turns = await harness.store.listTurns('default', structuredOf(declined).continuation_id);
    expect(turns).toHaveLength(1);
  });

  it('refuses a relevant file outside the allowed roots, naming the rule, and stores nothing', async () => {
    const result = await review({
      step: 'Look at the system password file.',
      step_number: 1,
      total_steps: 2,
      next_step_required: true,
      findings: '',
      relevant_files: ['/etc/hostname'],
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^path_not_allowed: .*outside the allowed roots/);
    expect((await harness.store.listThreads('default')).items).toEqual([]);
  });

  it('answers an unknown continuation_id with a not-found error naming it', async () => {
    const result = await review({
      step: 'Continue.',
      step_number: 2,
      total_steps: 3,
      next_step_required: true,
      findings: 'x',
      continuation_id: 'no-such-thread',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^record_not_found: .*"no-such-thread"/);
  });

  it('validates the step fields with errors that say what to send', async () => {
    const step = { step: 'x', total_steps: 2, next_step_required: true, findings: 'x' };
    const zero = await review({ ...step, step_number: 0 });
    expect(textOf(zero)).toMatch(
      /^invalid_argument: step_number must be a whole number of at least 1 \(got 0\)/,
    );
    const fraction = await review({ ...step, step_number: 1.5 });
    expect(textOf(fraction)).toMatch(/^invalid_argument: step_number must be a whole number/);
    const orphan = await review({ ...step, step_number: 2 });
    expect(textOf(orphan)).toMatch(/^invalid_argument: step_number 2 needs the continuation_id/);
    const empty = await review({ ...step, step: '  ', step_number: 1 });
    expect(textOf(empty)).toMatch(/^invalid_argument: step is empty/);
    const badSeverity = await review({
      ...step,
      step_number: 1,
      issues_found: [{ severity: 'huge', description: 'x' }],
    });
    expect(badSeverity.isError).toBe(true);
    expect(textOf(badSeverity)).toContain('severity');

    const first = await review({ ...step, step_number: 1 });
    const id = structuredOf(first).continuation_id;
    const past = await review({ ...step, step_number: 3, total_steps: 2, continuation_id: id });
    expect(past.isError).toBeFalsy();
    expect(structuredOf(past).total_steps).toBe(3);
    expect(textOf(past)).toContain('total_steps raised from 2 to 3');

    const otherTool = await harness.client.callTool({
      name: 'debug',
      arguments: { ...step, step_number: 2, continuation_id: id },
    });
    expect(textOf(otherTool)).toMatch(/^invalid_argument: .*holds an unfinished codereview workflow/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('gives tool-specific guidance that follows the confidence', async () => {
    const step = { step: 'x', step_number: 1, total_steps: 3, next_step_required: true, findings: 'x' };
    const early = await harness.client.callTool({ name: 'debug', arguments: step });
    expect(textOf(early)).toContain('state a first hypothesis');
    const testing = await harness.client.callTool({
      name: 'debug',
      arguments: { ...step, hypothesis: 'The cache is stale.', confidence: 'medium' },
    });
    expect(textOf(testing)).toContain('Test the current hypothesis');
    expect(textOf(testing)).toContain('Hypothesis (step 1): The cache is stale.');
    const sure = await review({ ...step, confidence: 'certain' });
    expect(textOf(sure)).toContain('certain skips the expert model');
  });

  it('sends progress notifications while the expert answers', async () => {
    upstream.enqueue({
      reply: { text: 'One two three four five six seven eight.', chunks: 6 },
      chunkDelayMs: 40,
    });
    const updates: Progress[] = [];
    const result = await harness.client.callTool(
      {
        name: 'thinkdeep',
        arguments: {
          step: 'Should the cache be per tenant?',
          step_number: 1,
          total_steps: 1,
          next_step_required: false,
          findings: 'Tenants share one cache today.',
          hypothesis: 'Per-tenant caches avoid leaks.',
          confidence: 'medium',
        },
      },
      undefined,
      { onprogress: (progress) => updates.push(progress) },
    );
    expect(result.isError).toBeFalsy();
    expect(chatRequests(upstream)).toHaveLength(1);
    expect(updates.some((update) => /^kimi:\S+ writing, \d+ tokens$/.test(update.message ?? ''))).toBe(true);
    const values = updates.map((update) => update.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
  });

  it('sends only this step’s files as required: an earlier step’s file that is gone is noted', async () => {
    await harness.tree.write({
      'a.ts': 'export const a = 1;\n',
      'old.ts': 'old\n',
      'c.ts': 'export const c = 3;\n',
    });
    const base = { total_steps: 2, confidence: 'medium' };
    const first = await review({
      ...base,
      step: 'Look at a and old.',
      step_number: 1,
      next_step_required: true,
      findings: 'x',
      relevant_files: [harness.tree.at('a.ts'), harness.tree.at('old.ts')],
    });
    await rm(harness.tree.at('old.ts'));
    upstream.enqueue({ reply: { text: 'Reviewed.' } });
    const final = await review({
      ...base,
      step: 'Final.',
      step_number: 2,
      next_step_required: false,
      findings: 'y',
      relevant_files: [harness.tree.at('c.ts')],
      continuation_id: structuredOf(first).continuation_id,
    });
    expect(final.isError).toBeFalsy();
    const sent = chatRequests(upstream)[0]?.messages.at(-1)?.content ?? '';
    expect(sent).toContain('export const c = 3;');
    expect(sent).toContain('export const a = 1;');
    expect(textOf(final)).toMatch(/File not shown to the expert: .*old\.ts \(no longer readable/);
  });

  it('refuses to replace another tool’s unfinished workflow, but may follow a finished one', async () => {
    const step = { step: 'x', step_number: 1, total_steps: 2, next_step_required: true, findings: 'x' };
    const first = await review(step);
    const id = structuredOf(first).continuation_id;
    const debug = (args: Record<string, unknown>) =>
      harness.client.callTool({ name: 'debug', arguments: { ...step, ...args, continuation_id: id } });

    const refused = await debug({});
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^invalid_argument: The conversation ".*" holds an unfinished codereview workflow \(step 1 of 2\).*call debug without continuation_id/,
    );
    expect((await harness.store.getWorkflowState('default', id))?.state).toMatchObject({
      tool: 'codereview',
    });

    await review({
      ...step,
      step_number: 2,
      next_step_required: false,
      confidence: 'certain',
      continuation_id: id,
    });
    const after = await debug({});
    expect(after.isError).toBeFalsy();
    expect((await harness.store.getWorkflowState('default', id))?.state).toMatchObject({ tool: 'debug' });
  });

  it('retries a final step whose expert call failed without reporting a discarded step', async () => {
    const step = {
      step: 'Final.',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      findings: 'x',
      confidence: 'high',
    };
    upstream.enqueue({ status: 400 });
    const failed = await review(step);
    expect(failed.isError).toBe(true);
    const threads = (await harness.store.listThreads('default')).items;
    upstream.enqueue({ reply: { text: 'Reviewed.' } });
    const retried = await review({ ...step, continuation_id: threads[0]?.id });
    expect(retried.isError).toBeFalsy();
    expect(textOf(retried)).not.toContain('Discarded');
    expect(structuredOf(retried).discarded_steps).toBeUndefined();
  });

  it('records parallel steps on one thread one after the other', async () => {
    await harness.close();
    const memory = createMemorySessionStore();
    const store = {
      ...memory,
      // A slow read, as a database's is, so unguarded steps would both read the same state.
      async getWorkflowState(tenantId: string, threadId: string) {
        const state = await memory.getWorkflowState(tenantId, threadId);
        await delay(15);
        return state;
      },
    };
    const tools = await connectToolHarness(upstream, { providers: ['kimi'], runtime: { store } });
    try {
      const step = { step: 'x', total_steps: 4, next_step_required: true, findings: 'x' };
      const first = await tools.call('codereview', { ...step, step_number: 1 });
      const id = String(first.structured.continuation_id);
      const results = await Promise.all([
        tools.call('codereview', { ...step, step_number: 2, continuation_id: id }),
        tools.call('codereview', { ...step, step_number: 3, continuation_id: id }),
      ]);
      expect(results.map((result) => result.isError)).toEqual([false, false]);
      const state = (await store.getWorkflowState('default', id))?.state as {
        steps: Array<{ stepNumber: number }>;
      };
      expect(state.steps.map((recorded) => recorded.stepNumber)).toEqual([1, 2, 3]);
    } finally {
      await tools.close();
      harness = await createWorkflowHarness(upstream, [codereviewTool]);
    }
  });
});
