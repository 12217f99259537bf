import { z } from 'zod';
import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

/** `testgen`: work out what to test, then have an expert model write the tests. */
export const testgenTool = defineWorkflowTool({
  name: 'testgen',
  title: 'Generate tests',
  description:
    'Work out in steps what code to test and which behaviours, edge cases and failure paths matter; the ' +
    'final step has an expert model write the tests.',
  inputSchema: investigationStepSchema.extend({
    test_framework: z.string().optional().describe('e.g. vitest, pytest; default: what the project uses.'),
  }),
  expertSystemPrompt: [
    'You are a test engineer. Write tests that would catch real regressions: the main behaviours, the',
    'boundaries, error and failure paths, and anything the findings flag as fragile. Follow the',
    'project’s existing test framework, style and helpers; avoid mocks where a real collaborator is',
    'cheap. Give complete, runnable test code with the file path each belongs in, and a line on what',
    'each test proves.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Write the tests for the code and scenarios below, using the test framework named in the settings ' +
    'or the one the project already uses.',
  nextStep: adviceByBand({
    early:
      'Read the code to test and its existing tests: the public behaviour, inputs and outputs, ' +
      'dependencies, and the test framework and conventions in use.',
    deepen:
      'List the scenarios worth a test: normal paths, boundaries, invalid input, failures of ' +
      'dependencies, concurrency or ordering. Note which are already covered.',
    confirm:
      'Prioritise the scenarios by the damage a bug there would do, and drop the ones tests already cover.',
  }),
});
