import type { z } from 'zod';
import { InvalidArgumentError } from '@exai/core';
import type { ToolResult } from '../define-tool.js';
import { checkThread, loadThread } from '../../model-turn/load-thread.js';
import { planTurnModel } from '../../model-turn/plan-turn-model.js';
import { withThreadLock } from '../../model-turn/thread-lock.js';
import type { ToolContext } from '../tool-context.js';
import { readPromptInput } from '../prompt-input.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { cutOffFields } from '../cut-off-field.js';
import { requiredActions } from './next-step-guidance.js';
import { consolidateSteps } from './consolidate-steps.js';
import { callExpert } from './expert-call.js';
import { validateStep } from './validate-step.js';
import { renderExpertResult, renderStepResult } from './workflow-result-text.js';
import { buildStructuredResult } from './workflow-result.js';
import {
  applyStep,
  otherWorkflowError,
  readWorkflowState,
  type WorkflowState,
  type WorkflowStepRecord,
} from './workflow-state.js';
import { investigationFields, workflowBaseFields, type WorkflowStepInput } from './workflow-step-schema.js';
import { renderConsolidated } from './workflow-summary.js';
import { appendStepTurn, createWorkflowThread, stepTurnText } from './workflow-thread.js';
import { confidenceBand, type WorkflowToolSpec } from './workflow-tool-spec.js';

const sharedFieldNames = new Set([...Object.keys(workflowBaseFields), ...Object.keys(investigationFields)]);

/**
 * Runs one step of a workflow tool. Every step is recorded in the thread's workflow state and
 * consolidated with the earlier ones; a non-final step returns guidance and calls no model; the
 * final step makes at most one expert model call (none with confidence `certain` or
 * `use_assistant_model: false`). Everything is checked before anything is stored.
 */
export async function runWorkflowStep<Schema extends z.ZodObject>(
  spec: WorkflowToolSpec<Schema>,
  rawInput: z.output<Schema>,
  context: ToolContext,
): Promise<ToolResult> {
  const given = rawInput as unknown as Omit<WorkflowStepInput, 'step'> & {
    step?: string;
    prompt_file?: string;
  };
  // A tool that accepts `prompt_file` (thinkdeep) may take the step's text from a file instead.
  const input: WorkflowStepInput =
    given.prompt_file === undefined && given.step !== undefined
      ? { ...given, step: given.step }
      : {
          ...given,
          step: await readPromptInput(context, {
            text: given.step,
            file: given.prompt_file,
            textArgument: 'step',
          }),
        };
  const { store } = context.runtime;
  const { tenantId } = context;
  const { totalSteps, notes } = validateStep(spec.name, input);
  const relevantFiles: string[] = [];
  for (const path of input.relevant_files ?? []) relevantFiles.push(await context.files.resolve(path));

  const final = !input.next_step_required;
  const useAssistantModel = input.use_assistant_model ?? spec.useAssistantModelByDefault ?? true;
  const callsExpert = final && useAssistantModel && input.confidence !== 'certain';
  // An unknown model fails here, before anything is stored; the plan is reused for the expert call.
  // A continued thread keeps its model unless the call names another (planTurnModel).
  const plan = callsExpert
    ? planTurnModel(
        context,
        { toolName: spec.name, model: input.model, thinking: input.thinking },
        // The thread's turns matter only when the call names no model.
        input.continuation_id === undefined || input.model?.trim()
          ? []
          : (await loadThread(context, input.continuation_id, { toolName: spec.name, turnsToAdd: 0 })).turns,
      )
    : undefined;

  const existingThreadId = input.continuation_id;
  const record = stepRecord(input, rawInput, relevantFiles);
  const turnText = stepTurnText(spec.name, {
    stepNumber: input.step_number,
    totalSteps,
    step: input.step,
    final,
    record,
  });
  // Reading the state, checking the step against it and writing it back is one unit: a parallel
  // step on the same thread waits (see withThreadLock for what this covers).
  const recorded = await withThreadLockIfAny(tenantId, existingThreadId, async () => {
    let earlier: WorkflowState | undefined;
    if (existingThreadId !== undefined) {
      const turnsToAdd = callsExpert ? 2 : 1;
      await checkThread(context, existingThreadId, { toolName: spec.name, turnsToAdd });
      const found = await readWorkflowState(store, tenantId, existingThreadId);
      const conflict = otherWorkflowError(found, { toolName: spec.name, threadId: existingThreadId });
      if (conflict !== undefined) throw conflict;
      earlier = found?.tool === spec.name ? found : undefined;
      if (earlier === undefined && input.step_number > 1) {
        throw new InvalidArgumentError({
          argument: 'continuation_id',
          message:
            `The conversation "${existingThreadId}" holds no ${spec.name} workflow to continue; start one ` +
            'with step_number 1 (with this continuation_id to keep the conversation, or without it).',
        });
      }
    }
    const previous = earlier?.steps ?? [];
    const backtrack = input.backtrack_from_step;
    if (backtrack !== undefined && !previous.some((step) => step.stepNumber === backtrack)) {
      throw new InvalidArgumentError({
        argument: 'backtrack_from_step',
        message:
          `backtrack_from_step ${backtrack} names no recorded step; this workflow has steps ` +
          `${previous.map((step) => step.stepNumber).join(', ') || '(none)'}.`,
      });
    }
    const applied = applyStep(previous, record, backtrack);
    spec.checkAgainstSteps?.(rawInput, applied.steps.slice(0, -1));
    // Sending the latest step again (a retry) replaces it without a note.
    const dropped =
      applied.dropped.length === 1 && applied.dropped[0] === input.step_number ? [] : applied.dropped;
    const consolidated = consolidateSteps(applied.steps);
    await spec.validate?.(consolidated.settings, context);
    const progressLines = (await spec.describeProgress?.(consolidated.settings, context)) ?? [];
    const threadId =
      existingThreadId ?? (await createWorkflowThread(context, { toolName: spec.name, step: input.step }));
    const state: WorkflowState = {
      version: 1,
      tool: spec.name,
      status: final && !callsExpert ? 'complete' : 'in_progress',
      totalSteps,
      steps: applied.steps,
      ...(earlier?.expert !== undefined && { expert: earlier.expert }),
    };
    if (!callsExpert) {
      await appendStepTurn(context, {
        threadId,
        toolName: spec.name,
        text: turnText,
        stepNumber: input.step_number,
        input: rawInput,
      });
    }
    await store.putWorkflowState(tenantId, threadId, state);
    return { threadId, steps: applied.steps, dropped, consolidated, progressLines, state };
  });
  const { threadId, steps, dropped, consolidated, progressLines, state } = recorded;
  if (dropped.length > 0) {
    const plural = dropped.length === 1 ? '' : 's';
    notes.push(
      `Discarded step${plural} ${dropped.join(', ')} and everything recorded with ${plural ? 'them' : 'it'}.`,
    );
  }

  const summary = spec.renderSummary?.(steps, consolidated) ?? renderConsolidated(consolidated);
  const structured = (
    finalState: WorkflowState,
    extra: { expert_called: boolean } & Record<string, unknown>,
  ) => ({
    ...buildStructuredResult({
      toolName: spec.name,
      threadId,
      input,
      totalSteps,
      state: finalState,
      consolidated,
      notes,
      dropped,
      extra,
    }),
    ...spec.structuredExtras?.(steps),
    required_actions: requiredActions({
      toolName: spec.name,
      threadId,
      view: {
        stepNumber: input.step_number,
        totalSteps,
        confidence: input.confidence,
        band: confidenceBand(input.confidence),
        consolidated,
        settings: consolidated.settings,
      },
      advice: () =>
        spec.nextStep({
          stepNumber: input.step_number,
          totalSteps,
          confidence: input.confidence,
          band: confidenceBand(input.confidence),
          consolidated,
          settings: consolidated.settings,
        }),
      final,
      expertCalled: extra.expert_called,
      ...(spec.nextCallHint !== undefined && { callHint: spec.nextCallHint }),
    }),
  });

  if (!callsExpert) {
    const skipped = !final
      ? undefined
      : useAssistantModel
        ? 'confidence is certain'
        : `use_assistant_model is false${input.use_assistant_model === undefined ? ` (the ${spec.name} default)` : ''}`;
    const text = renderStepResult({
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
    });
    return withRemainingExchanges(context, threadId, {
      text,
      structuredContent: structured(state, {
        expert_called: false,
        ...(skipped && { expert_skipped: skipped }),
      }),
    });
  }

  const { turn, notes: expertNotes } = await callExpert({
    spec,
    context,
    plan,
    threadId,
    input,
    turnText,
    summary,
    consolidated,
  });
  notes.push(...expertNotes);
  const expert = {
    model: turn.model,
    usage: { input_tokens: turn.usage.inputTokens, output_tokens: turn.usage.outputTokens },
    fallbacks: turn.fallbacks,
    ...(turn.filesOmitted.length > 0 && { files_omitted: turn.filesOmitted }),
    ...(turn.autoReason !== undefined && { auto_reason: turn.autoReason }),
    ...cutOffFields(turn),
  };
  if (turn.notSaved !== undefined) {
    // The store was unavailable: the analysis is returned as it is, and the workflow stays where it
    // was (its last step recorded, no expert) rather than marked complete without the analysis.
    return {
      text: renderExpertResult({ toolName: spec.name, turn, summary, notes, progressLines }),
      structuredContent: structured(state, {
        expert_called: true,
        expert,
        not_saved: `${turn.notSaved.code}: ${turn.notSaved.reason}`,
      }),
      notSaved: true,
    };
  }
  const completed: WorkflowState = {
    ...state,
    status: 'complete',
    expert: { model: turn.model, stepNumber: input.step_number, at: new Date().toISOString() },
  };
  await withThreadLock(tenantId, threadId, async () => {
    // A step recorded meanwhile (a parallel call) supersedes this one: its state stays.
    const current = await readWorkflowState(store, tenantId, threadId);
    if (current?.tool === spec.name && current.steps.at(-1)?.recordedAt === record.recordedAt) {
      await store.putWorkflowState(tenantId, threadId, completed);
    }
  });
  return withRemainingExchanges(context, threadId, {
    text: renderExpertResult({ toolName: spec.name, turn, summary, notes, progressLines }),
    structuredContent: structured(completed, { expert_called: true, expert }),
  });
}

function stepRecord(input: WorkflowStepInput, rawInput: object, relevantFiles: string[]): WorkflowStepRecord {
  const extras: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rawInput)) {
    if (!sharedFieldNames.has(name) && value !== undefined) extras[name] = value;
  }
  return {
    stepNumber: input.step_number,
    step: input.step,
    findings: input.findings ?? '',
    filesChecked: [...new Set(input.files_checked ?? [])],
    relevantFiles: [...new Set(relevantFiles)],
    relevantContext: [...new Set(input.relevant_context ?? [])],
    issues: input.issues_found ?? [],
    ...(input.confidence !== undefined && { confidence: input.confidence }),
    ...(input.hypothesis !== undefined && input.hypothesis.trim() !== '' && { hypothesis: input.hypothesis }),
    nextStepRequired: input.next_step_required,
    extras,
    recordedAt: new Date().toISOString(),
  };
}

/** `fn` under the thread's lock when there is a thread; a new one is not shared with anyone yet. */
function withThreadLockIfAny<Result>(
  tenantId: string,
  threadId: string | undefined,
  fn: () => Promise<Result>,
): Promise<Result> {
  return threadId === undefined ? fn() : withThreadLock(tenantId, threadId, fn);
}
