import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectTools } from '../../tool-catalogue/select-tools.js';
import { workflowEntries } from '../../tool-catalogue/workflow-entries.js';
import { createWorkflowHarness, textOf } from './workflow-test-helpers.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

const allWorkflowTools = () => workflowEntries.map((entry) => entry.load());

describe('the workflow tools', () => {
  it('are catalogued with their profiles', () => {
    const byProfile = (profile: 'lean' | 'standard' | 'full') =>
      workflowEntries.filter((entry) => entry.profile === profile).map((entry) => entry.name);
    expect(byProfile('lean')).toEqual(['thinkdeep']);
    expect(byProfile('standard')).toEqual(['codereview', 'precommit', 'debug', 'planner', 'analyze']);
    expect(byProfile('full')).toEqual(['refactor', 'testgen', 'secaudit', 'docgen', 'tracer']);
    expect(selectTools({ profile: 'lean' }).tools.map((tool) => tool.name)).toContain('thinkdeep');
    expect(allWorkflowTools().map((tool) => tool.name)).toEqual(workflowEntries.map((entry) => entry.name));
  });

  it('keep their listed schemas small (every client pays for them on every request)', async () => {
    const harness = await createWorkflowHarness(upstream, allWorkflowTools());
    try {
      const { tools } = await harness.client.listTools();
      const tokens = Object.fromEntries(tools.map((tool) => [tool.name, countTokens(JSON.stringify(tool))]));
      for (const [name, count] of Object.entries(tokens)) expect(count, name).toBeLessThan(650);
      expect(countTokens(JSON.stringify(tools))).toBeLessThan(6_000);
      for (const tool of tools) {
        // thinkdeep takes its step from `step` or `prompt_file`.
        const stepRequired = tool.name === 'thinkdeep' ? [] : ['step'];
        expect(tool.inputSchema.required, tool.name).toEqual(
          expect.arrayContaining([...stepRequired, 'step_number', 'total_steps', 'next_step_required']),
        );
      }
    } finally {
      await harness.close();
    }
  });

  it('give guidance that follows their own fields', async () => {
    const harness = await createWorkflowHarness(upstream, allWorkflowTools());
    const step = {
      step: 'Trace Session.save.',
      step_number: 1,
      total_steps: 2,
      next_step_required: true,
      findings: '',
    };
    try {
      const dependencies = await harness.client.callTool({
        name: 'tracer',
        arguments: { ...step, trace_mode: 'dependencies' },
      });
      expect(textOf(dependencies)).toContain('everything it imports, calls or inherits from');
      expect(textOf(dependencies)).toContain('Settings: trace_mode=dependencies');
      const precision = await harness.client.callTool({ name: 'tracer', arguments: step });
      expect(textOf(precision)).toContain('Find the entry point of the flow');
      const decompose = await harness.client.callTool({
        name: 'refactor',
        arguments: { ...step, refactor_type: 'decompose' },
      });
      expect(textOf(decompose)).toContain('the seams along which to split them');
      const focused = await harness.client.callTool({
        name: 'secaudit',
        arguments: { ...step, audit_focus: 'authentication' },
      });
      expect(textOf(focused)).toContain('Give authentication the most attention.');
      const wrongMode = await harness.client.callTool({
        name: 'tracer',
        arguments: { ...step, trace_mode: 'fast' },
      });
      expect(wrongMode.isError).toBe(true);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await harness.close();
    }
  });
});
