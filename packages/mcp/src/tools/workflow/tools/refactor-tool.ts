import { z } from 'zod';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import type { NextStepView } from '../workflow-tool-spec.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

const refactorTypes = ['codesmells', 'decompose', 'modernize', 'organization'] as const;
type RefactorType = (typeof refactorTypes)[number];

const lookFor: Record<RefactorType, string> = {
  codesmells: 'duplication, long functions, deep nesting, unclear names, dead code and flag arguments',
  decompose: 'files, classes and functions that do too much, and the seams along which to split them',
  modernize: 'outdated language features, deprecated APIs and hand-written code a standard facility replaces',
  organization: 'misplaced code, tangled module boundaries, circular imports and inconsistent layout',
};

function refactorAdvice({ band, settings }: NextStepView): string {
  const type = (settings.refactor_type as RefactorType | undefined) ?? 'codesmells';
  if (band === 'early') return `Read the code in scope and look for ${lookFor[type]}.`;
  if (band === 'deepen') {
    return (
      `Keep looking for ${lookFor[type]}. For each opportunity, note what it would change, what depends ` +
      'on it, and whether tests cover it; record it in issues_found with a severity for its payoff.'
    );
  }
  return 'Order the opportunities so each change is safe on its own, and check no caller was missed.';
}

/** `refactor`: find refactoring opportunities of one kind, with an expert model's plan at the end. */
export const refactorTool = defineWorkflowTool({
  name: 'refactor',
  title: 'Plan a refactoring',
  description:
    'Find refactoring opportunities in steps (code smells, decomposition, modernisation, organisation); ' +
    'the final step has an expert model turn them into an ordered, safe plan.',
  inputSchema: investigationStepSchema.extend({
    refactor_type: z.enum(refactorTypes).optional().describe('Default codesmells.'),
  }),
  expertSystemPrompt: [
    'You are a senior engineer planning a refactoring. Keep behaviour unchanged. For each opportunity,',
    'say what to change, why it pays off, what it risks and how to verify it (tests to run or add). Order',
    'the changes so each can be made and merged on its own, smallest safe step first, and leave out',
    'changes whose benefit does not justify their churn.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Review the refactoring opportunities below for the given refactor_type and turn them into an ' +
    'ordered plan of behaviour-preserving changes.',
  nextStep: refactorAdvice,
});
