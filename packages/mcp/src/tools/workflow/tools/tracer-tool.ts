import { z } from 'zod';
import { defineWorkflowTool } from '../define-workflow-tool.js';
import type { NextStepView } from '../workflow-tool-spec.js';
import { investigationStepSchema } from '../workflow-step-schema.js';
import { EXPERT_GROUND_RULES } from './expert-ground-rules.js';

function tracerAdvice({ band, settings }: NextStepView): string {
  if (settings.trace_mode === 'dependencies') {
    if (band === 'early')
      return 'Find the target’s definition, then everything it imports, calls or inherits from.';
    return band === 'deepen'
      ? 'Map the other direction: every caller, importer and subclass of the target, and the shared state it touches.'
      : 'Check the dependency map for missed dynamic uses (reflection, registries, configuration) and cycles.';
  }
  if (band === 'early')
    return 'Find the entry point of the flow to trace and follow the first calls it makes.';
  return band === 'deepen'
    ? 'Follow the execution path call by call: branches taken, data transformed, side effects, errors raised.'
    : 'Check the trace for paths not followed yet (error branches, async callbacks, overrides) and settle it.';
}

/** `tracer`: trace a call flow or a dependency graph, with an expert model's review at the end. */
export const tracerTool = defineWorkflowTool({
  name: 'tracer',
  title: 'Trace code',
  description:
    'Trace code in steps: an execution flow (precision) or what a symbol depends on and what depends on it ' +
    '(dependencies); the final step has an expert model check and complete the trace.',
  inputSchema: investigationStepSchema.extend({
    trace_mode: z.enum(['precision', 'dependencies']).optional().describe('Default precision.'),
  }),
  expertSystemPrompt: [
    'You are an engineer who traces code precisely. In precision mode, lay out the execution flow call by',
    'call with file:line, the branches and the data passed along; in dependencies mode, map what the',
    'target uses and what uses it, in both directions. Mark anything inferred rather than read in the',
    'code.',
    EXPERT_GROUND_RULES,
  ].join(' '),
  finalStepInstruction:
    'Check the trace below against the code, correct it, fill the gaps, and present it in the given ' +
    'trace_mode (precision by default).',
  nextStep: tracerAdvice,
});
