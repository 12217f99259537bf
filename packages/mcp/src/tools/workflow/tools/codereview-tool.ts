import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

/** `codereview`: a code review in steps, checked at the end by an expert model. */
export const codereviewTool = defineWorkflowTool({
  name: 'codereview',
  title: 'Code review in steps',
  description:
    'Systematic code review in steps: you read the code and report issues_found each step; on the final ' +
    'step an expert model checks your findings against the relevant files.',
  inputSchema: investigationStepSchema,
  expertSystemPrompt: [
    'You are a principal engineer doing a code review. Look for correctness bugs first, then security',
    'flaws, data loss and concurrency hazards, then performance, then maintainability and design. For each',
    'problem give its severity (critical, high, medium, low), where it is, why it matters and a concrete',
    'fix. Point out what is done well only where it should be kept. Do not invent style rules the code',
    'does not follow.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Review the code below. Confirm, correct or reject each reported issue, add the ones that were ' +
    'missed, and finish with a short list of the fixes to make first.',
  nextStep: adviceByBand({
    early:
      'Map the code under review: entry points, data flow, external inputs and error paths. Read the ' +
      'changed or named files fully before judging them.',
    deepen:
      'Go through the relevant files for correctness (edge cases, error handling, resource cleanup), ' +
      'security (input validation, secrets, injection) and performance (loops over I/O, needless work). ' +
      'Record each issue with severity, file and line.',
    confirm:
      'Re-check each recorded issue against the code to rule out false positives, and look once more at ' +
      'what the issues touch (callers, tests) for anything missed.',
  }),
});
