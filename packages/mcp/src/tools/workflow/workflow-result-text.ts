import type { z } from 'zod';
import { continuationFooter, type ModelTurnResult } from '../../model-turn/run-model-turn.js';
import type { ConsolidatedFindings } from './consolidate-steps.js';
import { renderNextStepGuidance } from './next-step-guidance.js';
import type { WorkflowStepRecord } from './workflow-state.js';
import type { WorkflowStepInput } from './workflow-step-schema.js';
import { confidenceBand, type WorkflowToolSpec } from './workflow-tool-spec.js';

/** The text of a step that called no model: guidance for the next step, or the final summary. */
export function renderStepResult<Schema extends z.ZodObject>({
  spec,
  input,
  threadId,
  totalSteps,
  steps,
  consolidated,
  summary,
  notes,
  progressLines,
  useAssistantModel,
  skipped,
}: {
  spec: WorkflowToolSpec<Schema>;
  input: WorkflowStepInput;
  threadId: string;
  totalSteps: number;
  steps: readonly WorkflowStepRecord[];
  consolidated: ConsolidatedFindings;
  summary: string;
  notes: readonly string[];
  progressLines: readonly string[];
  useAssistantModel: boolean;
  /** Why the final step called no model; undefined on a non-final step. */
  skipped: string | undefined;
}): string {
  const count = `${steps.length} step${steps.length === 1 ? '' : 's'}`;
  const footer = `---\ncontinuation_id: ${threadId} (${spec.name} workflow, ${count} recorded; pass it to ${spec.name} to continue)`;
  const head =
    skipped === undefined
      ? `${spec.name} step ${input.step_number} of ${totalSteps} recorded; no model was called.`
      : `${spec.name} complete after ${count}. No expert model was called: ${skipped}.`;
  const lines = [head, ...notes.map((note) => `Note: ${note}`), '', summary, ...progressLines];
  if (skipped === undefined) {
    const view = {
      stepNumber: input.step_number,
      totalSteps,
      confidence: input.confidence,
      band: confidenceBand(input.confidence),
      consolidated,
      settings: consolidated.settings,
    };
    lines.push(
      '',
      renderNextStepGuidance({
        toolName: spec.name,
        threadId,
        view,
        advice: spec.nextStep(view),
        expertAtEnd: useAssistantModel,
        ...(spec.nextCallHint !== undefined && { callHint: spec.nextCallHint }),
      }),
    );
  }
  lines.push('', footer);
  return lines.join('\n');
}

/** The text of a final step with an expert call: the analysis, then the consolidated summary. */
export function renderExpertResult({
  toolName,
  turn,
  summary,
  notes,
  progressLines,
}: {
  toolName: string;
  turn: ModelTurnResult;
  summary: string;
  notes: readonly string[];
  progressLines: readonly string[];
}): string {
  return [
    `## Expert analysis (${turn.model})`,
    turn.text,
    '',
    ...notes.map((note) => `Note: ${note}`),
    ...(notes.length > 0 ? [''] : []),
    summary,
    ...progressLines,
    '',
    continuationFooter(turn, toolName),
  ].join('\n');
}
