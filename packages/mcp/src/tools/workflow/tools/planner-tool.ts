import { z } from 'zod';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import type { NextStepView } from '../workflow-tool-spec.js';
import { workflowBaseFields } from '../workflow-step-schema.js';
import { checkPlanStep, planEntries, renderPlan } from './planner-plan.js';

function plannerAdvice({ stepNumber, totalSteps }: NextStepView): string {
  if (stepNumber === 1) {
    return (
      'Break the goal into its major phases before details: what must exist first, what depends on what, ' +
      'and where the risks and open questions are.'
    );
  }
  if (stepNumber + 1 >= totalSteps) {
    return 'Close the plan: check the steps cover the goal, are in a workable order, and say how success is verified.';
  }
  return (
    'Write the next step concretely (what to do, where, how to check it). If an earlier step no longer ' +
    'holds, revise it; if two approaches deserve comparing, branch.'
  );
}

/** `planner`: build a plan step by step, with revisions and branches; no model unless asked. */
export const plannerTool = defineWorkflowTool({
  name: 'planner',
  title: 'Plan step by step',
  description:
    'Build a plan one step per call, revising earlier steps or branching into alternatives; the result ' +
    'shows the plan so far. Calls no model unless use_assistant_model is true on the final step.',
  inputSchema: z.object({
    ...workflowBaseFields,
    step: z.string().describe('This plan step (step 1: the goal and scope).'),
    use_assistant_model: z
      .boolean()
      .optional()
      .describe('Final step: an expert critiques the plan (default false).'),
    is_step_revision: z.boolean().optional(),
    revises_step_number: z.number().optional(),
    is_branch_point: z.boolean().optional(),
    branch_from_step: z.number().optional(),
    branch_id: z.string().optional().describe('Branch name; keep it on the branch’s later steps.'),
  }),
  useAssistantModelByDefault: false,
  expertSystemPrompt: [
    'You are a senior engineer reviewing a plan before work starts. Check that it reaches the goal, that',
    'the order respects dependencies, that risky or unknown parts come early, and that each step can be',
    'verified. Where the plan branches, say which branch you would take and why. Point out missing steps',
    'and steps that can be dropped. Be concrete and brief.',
  ].join(' '),
  finalStepInstruction: 'Critique the plan below and give the changes you would make, most important first.',
  nextCallHint:
    'the next plan step in step. To change an earlier step, set is_step_revision and revises_step_number; ' +
    'to explore an alternative, set is_branch_point, branch_from_step and branch_id (and keep branch_id on ' +
    'that branch’s later steps).',
  nextStep: plannerAdvice,
  checkAgainstSteps: checkPlanStep,
  renderSummary: (steps) => renderPlan(steps),
  structuredExtras: (steps) => ({ plan: planEntries(steps) }),
});
