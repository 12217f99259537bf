import { defineWorkflowTool } from '../define-workflow-tool.js';
import type { NextStepView } from '../workflow-tool-spec.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

function debugAdvice({ band, consolidated }: NextStepView): string {
  if (consolidated.hypotheses.length === 0) {
    return (
      'Reproduce the failure or pin down its symptoms (error text, inputs, when it started), trace the ' +
      'code path it runs through, and state a first hypothesis of the root cause.'
    );
  }
  if (band === 'early' || band === 'deepen') {
    return (
      'Test the current hypothesis: find the evidence that would prove or disprove it (logs, a minimal ' +
      'reproduction, the exact line). If it fails, say so and form a new one; backtrack_from_step drops ' +
      'steps built on a wrong one.'
    );
  }
  return (
    'Confirm the root cause: explain how it produces every observed symptom, and check for other ' +
    'places with the same fault. Then make the final step with the minimal fix in mind.'
  );
}

/** `debug`: root-cause analysis driven by hypotheses, checked at the end by an expert model. */
export const debugTool = defineWorkflowTool({
  name: 'debug',
  title: 'Find a root cause',
  description:
    'Root-cause a bug in steps: state and test a hypothesis each step; the final step has an expert ' +
    'model check the hypothesis against the evidence and the relevant files.',
  inputSchema: investigationStepSchema,
  expertSystemPrompt: [
    'You are an expert debugger. Judge the stated hypothesis: does it explain every symptom, and does the',
    'code shown actually behave that way? If it does, give the minimal fix and how to verify it. If it',
    'does not, give the most likely root causes ranked by likelihood, the evidence for each, and the one',
    'check that would tell them apart. Do not suggest unrelated refactoring.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Evaluate the hypothesis and the investigation below. Name the root cause you believe in, the minimal ' +
    'fix (with file and line), and how to confirm it.',
  nextStep: debugAdvice,
});
