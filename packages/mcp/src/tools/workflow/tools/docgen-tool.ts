import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

/** `docgen`: find what lacks documentation, then have an expert model write it. */
export const docgenTool = defineWorkflowTool({
  name: 'docgen',
  title: 'Write documentation',
  description:
    'Find in steps which functions, classes and modules lack accurate documentation; the final step has an ' +
    'expert model write the doc comments.',
  inputSchema: investigationStepSchema,
  expertSystemPrompt: [
    'You are a technical writer who reads code closely. Write documentation comments in the language’s',
    'usual style (JSDoc, docstrings, …) that say what each item does, its parameters, return value,',
    'errors and non-obvious behaviour (complexity, side effects, concurrency), without restating the',
    'code. Fix comments that no longer match the code. Give each comment with its file and the line it',
    'goes above.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction: 'Write the missing or outdated documentation for the code below.',
  nextStep: adviceByBand({
    early:
      'List the files in scope and the public items in them that lack documentation or have outdated comments.',
    deepen:
      'For each item, note what a reader needs that the code does not make obvious: side effects, errors, ' +
      'performance, assumptions about callers.',
    confirm:
      'Check that every public item in scope is covered and that nothing you plan to write contradicts the code.',
  }),
});
