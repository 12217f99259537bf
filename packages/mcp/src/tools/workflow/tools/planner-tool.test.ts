import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chatRequests,
  createWorkflowHarness,
  structuredOf,
  textOf,
  type WorkflowHarness,
} from '../workflow-test-helpers.js';
import { plannerTool } from './planner-tool.js';

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
  harness = await createWorkflowHarness(upstream, [plannerTool]);
});
afterEach(async () => {
  await harness.close();
});

const plan = (args: Record<string, unknown>) => harness.client.callTool({ name: 'planner', arguments: args });

describe('planner', () => {
  it('builds a plan with a revision and a branch, presenting it after every step, without a model', async () => {
    const first = await plan({
      step: 'Goal: move sessions to Redis.',
      step_number: 1,
      total_steps: 4,
      next_step_required: true,
    });
    const id = structuredOf(first).continuation_id;
    expect(textOf(first)).toContain('## Plan so far (1 step)\n1. Goal: move sessions to Redis.');
    await plan({
      step: 'Write to both stores.',
      step_number: 2,
      total_steps: 4,
      next_step_required: true,
      continuation_id: id,
    });
    await plan({
      step: 'Switch reads to Redis.',
      step_number: 3,
      total_steps: 4,
      next_step_required: true,
      continuation_id: id,
    });

    const revised = await plan({
      step: 'Write to both stores behind a flag.',
      step_number: 4,
      total_steps: 6,
      next_step_required: true,
      is_step_revision: true,
      revises_step_number: 2,
      continuation_id: id,
    });
    expect(textOf(revised)).toContain('2. Write to both stores behind a flag. (revised in step 4)');
    expect(textOf(revised)).not.toContain('2. Write to both stores.\n');

    const branched = await plan({
      step: 'Alternative: keep Postgres and add a cache.',
      step_number: 5,
      total_steps: 6,
      next_step_required: true,
      is_branch_point: true,
      branch_from_step: 1,
      branch_id: 'cache',
      continuation_id: id,
    });
    expect(branched.isError).toBeFalsy();
    const final = await plan({
      step: 'Cache invalidation on write.',
      step_number: 6,
      total_steps: 6,
      next_step_required: false,
      branch_id: 'cache',
      continuation_id: id,
    });
    const text = textOf(final);
    expect(text).toContain(
      'planner complete after 6 steps. No expert model was called: use_assistant_model is false (the planner default).',
    );
    expect(text).toContain(
      [
        '## Plan (6 steps)',
        '1. Goal: move sessions to Redis.',
        '2. Write to both stores behind a flag. (revised in step 4)',
        '3. Switch reads to Redis.',
        '',
        '### Branch "cache" (from step 1)',
        '5. Alternative: keep Postgres and add a cache.',
        '6. Cache invalidation on write.',
      ].join('\n'),
    );
    expect(structuredOf(final).plan).toEqual([
      { step_number: 1, step: 'Goal: move sessions to Redis.' },
      { step_number: 2, step: 'Write to both stores behind a flag.', revised_in: 4 },
      { step_number: 3, step: 'Switch reads to Redis.' },
      {
        step_number: 5,
        step: 'Alternative: keep Postgres and add a cache.',
        branch_id: 'cache',
        branch_from_step: 1,
      },
      { step_number: 6, step: 'Cache invalidation on write.', branch_id: 'cache' },
    ]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses revisions and branches that name no recorded step', async () => {
    const first = await plan({ step: 'Goal.', step_number: 1, total_steps: 3, next_step_required: true });
    const id = structuredOf(first).continuation_id;
    const step = { step: 'x', step_number: 2, total_steps: 3, next_step_required: true, continuation_id: id };
    const revision = await plan({ ...step, is_step_revision: true, revises_step_number: 9 });
    expect(textOf(revision)).toMatch(
      /^invalid_argument: revises_step_number 9 names no recorded step; the plan has steps 1\./,
    );
    const missing = await plan({ ...step, is_step_revision: true });
    expect(textOf(missing)).toMatch(/^invalid_argument: is_step_revision needs revises_step_number/);
    const branch = await plan({ ...step, is_branch_point: true, branch_from_step: 1 });
    expect(textOf(branch)).toMatch(
      /^invalid_argument: is_branch_point needs branch_from_step .* and a branch_id/,
    );
    const unknownBranch = await plan({ ...step, branch_id: 'nope' });
    expect(textOf(unknownBranch)).toMatch(/^invalid_argument: The branch "nope" has not been started/);
  });

  it('asks an expert to critique the plan only when use_assistant_model is true', async () => {
    upstream.enqueue({ reply: { text: 'Do the risky step first.' } });
    const result = await plan({
      step: 'Goal: ship the migration.',
      step_number: 1,
      total_steps: 1,
      next_step_required: false,
      use_assistant_model: true,
    });
    expect(textOf(result)).toContain('Do the risky step first.');
    const sent = chatRequests(upstream)[0]?.messages ?? [];
    expect(sent[0]?.content).toContain('reviewing a plan before work starts');
    expect(sent.at(-1)?.content).toContain('## Plan (1 step)\n1. Goal: ship the migration.');
  });
});
