import type { ConsolidatedFindings } from './consolidate-steps.js';
import type { WorkflowState } from './workflow-state.js';
import type { WorkflowStepInput } from './workflow-step-schema.js';

/** The `structuredContent` of every workflow step's result. */
export function buildStructuredResult({
  toolName,
  threadId,
  input,
  totalSteps,
  state,
  consolidated,
  notes,
  dropped,
  extra,
}: {
  toolName: string;
  threadId: string;
  input: WorkflowStepInput;
  totalSteps: number;
  state: WorkflowState;
  consolidated: ConsolidatedFindings;
  notes: readonly string[];
  dropped: readonly number[];
  extra: Record<string, unknown> & { expert_called: boolean };
}): Record<string, unknown> {
  const latestHypothesis = consolidated.hypotheses.at(-1)?.text;
  return {
    continuation_id: threadId,
    tool: toolName,
    status: state.status,
    step_number: input.step_number,
    total_steps: totalSteps,
    next_step_required: input.next_step_required,
    steps_recorded: state.steps.map((step) => step.stepNumber),
    ...(consolidated.confidence !== undefined && { confidence: consolidated.confidence }),
    consolidated: {
      files_checked: consolidated.filesChecked,
      relevant_files: consolidated.relevantFiles,
      relevant_context: consolidated.relevantContext,
      issues: consolidated.issues,
      ...(latestHypothesis !== undefined && { hypothesis: latestHypothesis }),
    },
    ...(dropped.length > 0 && { discarded_steps: dropped }),
    ...(notes.length > 0 && { notes }),
    ...extra,
  };
}
