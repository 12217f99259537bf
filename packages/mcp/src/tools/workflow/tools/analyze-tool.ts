import { adviceByBand } from '../next-step-guidance.js';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

/** `analyze`: understand a codebase or part of it, with an expert model's assessment at the end. */
export const analyzeTool = defineWorkflowTool({
  name: 'analyze',
  title: 'Analyse code',
  description:
    'Analyse code in steps — architecture, patterns, dependencies, performance, maintainability; the final ' +
    'step has an expert model assess your findings and the relevant files.',
  inputSchema: investigationStepSchema,
  expertSystemPrompt: [
    'You are a software architect assessing a codebase. Describe how it is structured and why it works the',
    'way it does, then its strengths, its risks (coupling, scaling limits, fragile areas, technical debt)',
    'and the few changes that would pay off most, each with its cost. Prefer observations tied to the',
    'code over general principles.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Assess the code and findings below: confirm or correct the picture, then list the most valuable ' +
    'improvements with their effort and risk.',
  nextStep: adviceByBand({
    early:
      'Survey the structure: modules and their responsibilities, entry points, key data types and how ' +
      'the parts depend on each other.',
    deepen:
      'Dig into the parts that matter most for the question: hot paths, shared state, error handling, ' +
      'extension points. Note strengths and risks with file references.',
    confirm:
      'Check your conclusions against code you have not read yet (tests, configuration, callers) and ' +
      'rank the improvements you would suggest.',
  }),
});
