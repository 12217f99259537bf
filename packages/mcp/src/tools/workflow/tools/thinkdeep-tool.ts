import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { z } from 'zod';
import { promptFileField } from '../../prompt-input.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

/** `thinkdeep`: think a hard problem through in steps, then have an expert model challenge the result. */
export const thinkdeepTool = defineWorkflowTool({
  name: 'thinkdeep',
  title: 'Think a problem through',
  description:
    'Reason through a hard problem (design, architecture, a tricky bug, a trade-off) in steps; the final ' +
    'step has an expert model challenge your hypothesis and findings.',
  inputSchema: investigationStepSchema.extend({
    step: z.string().optional().describe('This step: what you examine now (step 1: the task and your plan).'),
    prompt_file: promptFileField.describe('Absolute path of a file holding the step, instead of step.'),
  }),
  expertSystemPrompt: [
    'You are a senior engineer acting as a sparring partner for deep technical reasoning. Test the',
    'hypothesis against the evidence: name the assumptions it rests on, the cases that would break it,',
    'and the alternatives that were not considered, with their trade-offs. Say which conclusion you',
    'would act on and what to verify first.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Challenge the reasoning below: is the hypothesis sound, what is missing, and what would you ' +
    'recommend? End with the next concrete actions.',
  nextStep: adviceByBand({
    early:
      'Frame the problem: the goal, the constraints, what is known and unknown. Gather evidence from the ' +
      'code and state a first hypothesis.',
    deepen:
      'Test the hypothesis: look for evidence against it, list the assumptions it rests on, and weigh at ' +
      'least one alternative with its trade-offs.',
    confirm:
      'Check the remaining weak spots — edge cases, failure modes, cost — and settle the conclusion you ' +
      'would act on.',
  }),
});
