import type { z } from 'zod';
import { conversationBudget, estimateTokens } from '../../model-turn/build-conversation.js';
import { runModelTurn, type ModelTurnResult } from '../../model-turn/run-model-turn.js';
import { planTurnModel, type TurnModelPlan } from '../../model-turn/plan-turn-model.js';
import type { ToolContext } from '../tool-context.js';
import type { ConsolidatedFindings } from './consolidate-steps.js';
import type { WorkflowStepInput } from './workflow-step-schema.js';
import { isShortened } from './workflow-thread.js';
import type { WorkflowToolSpec } from './workflow-tool-spec.js';

/** Share of the model's conversation budget a tool's own material (e.g. a diff) may take. */
const MATERIAL_SHARE = 0.4;

export interface ExpertCallResult {
  turn: ModelTurnResult;
  /** What the result must mention: material left out, files not embedded. */
  notes: string[];
}

/**
 * The one model call of a workflow, on its final step: the tool's expert system prompt, the
 * consolidated findings and the tool's material as context, and the relevant files embedded
 * within the model's budget (re-read from disk now, so the expert sees their current content).
 */
export async function callExpert<Schema extends z.ZodObject>({
  spec,
  context,
  plan: givenPlan,
  threadId,
  input,
  turnText,
  summary,
  consolidated,
}: {
  spec: WorkflowToolSpec<Schema>;
  context: ToolContext;
  /** The expert model, resolved when the step was checked. */
  plan?: TurnModelPlan | undefined;
  threadId: string;
  input: WorkflowStepInput;
  /** The short text stored as this step's user turn. */
  turnText: string;
  /** The consolidated findings (or the plan) as text. */
  summary: string;
  consolidated: ConsolidatedFindings;
}): Promise<ExpertCallResult> {
  const notes: string[] = [];
  let material = '';
  const plan =
    givenPlan ??
    planTurnModel(context, { toolName: spec.name, model: input.model, thinking: input.thinking });
  if (spec.prepareExpert !== undefined) {
    const { budgetInTokens } = conversationBudget(plan.plan.primary.info);
    const fixed = estimateTokens(spec.expertSystemPrompt + spec.finalStepInstruction + summary + input.step);
    const prepared = await spec.prepareExpert(consolidated.settings, {
      budgetInTokens: Math.max(0, Math.floor((budgetInTokens - fixed) * MATERIAL_SHARE)),
      context,
    });
    material = prepared.context;
    notes.push(...prepared.notes);
  }
  const expertContext = [
    spec.finalStepInstruction,
    // The stored turn carries the step's text, unless it had to be shortened.
    isShortened(input.step) ? `The final step in full: ${input.step}` : '',
    summary,
    material,
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');

  const turn = await runModelTurn(context, {
    toolName: spec.name,
    prompt: turnText,
    system: spec.expertSystemPrompt,
    model: input.model,
    plan,
    continuationId: threadId,
    temperature: input.temperature,
    thinking: input.thinking,
    // Only this step's files must still be readable; an earlier step's may be gone by now.
    files: input.relevant_files ?? [],
    earlierFiles: consolidated.relevantFiles,
    context: expertContext,
  });
  for (const omitted of turn.filesOmitted)
    notes.push(`File not shown to the expert: ${omitted.path} (${omitted.reason}).`);
  return { turn, notes };
}
