import { z } from 'zod';
import { InvalidArgumentError } from '@exai/core';
import type { SessionStoreV1 } from '@exai/core';
import { confidenceLevels, workflowIssueSchema } from './workflow-step-schema.js';

const stepRecordSchema = z.object({
  stepNumber: z.number(),
  step: z.string(),
  findings: z.string(),
  filesChecked: z.array(z.string()),
  relevantFiles: z.array(z.string()),
  relevantContext: z.array(z.string()),
  issues: z.array(workflowIssueSchema),
  confidence: z.enum(confidenceLevels).optional(),
  hypothesis: z.string().optional(),
  nextStepRequired: z.boolean(),
  /** The tool's own fields sent with this step, snake_case as sent. */
  extras: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
});

const workflowStateSchema = z.object({
  version: z.literal(1),
  tool: z.string(),
  status: z.enum(['in_progress', 'complete']),
  totalSteps: z.number(),
  steps: z.array(stepRecordSchema),
  /** The latest expert call, when one was made. */
  expert: z.object({ model: z.string(), stepNumber: z.number(), at: z.string() }).optional(),
});

/** One recorded step of a workflow. */
export type WorkflowStepRecord = z.output<typeof stepRecordSchema>;

/** The document a workflow keeps in its thread (`putWorkflowState`): one workflow per thread. */
export type WorkflowState = z.output<typeof workflowStateSchema>;

/**
 * The thread's workflow state, whichever tool it belongs to; undefined when the thread holds none
 * or holds a document this version cannot read (the next step starts over).
 */
export async function readWorkflowState(
  store: SessionStoreV1,
  tenantId: string,
  threadId: string,
): Promise<WorkflowState | undefined> {
  const record = await store.getWorkflowState(tenantId, threadId);
  if (record === undefined) return undefined;
  const parsed = workflowStateSchema.safeParse(record.state);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The steps after recording `next`: steps numbered from `dropFrom` on are discarded first (a
 * backtrack, or a step sent again under a number already recorded), then `next` is added.
 */
export function applyStep(
  steps: readonly WorkflowStepRecord[],
  next: WorkflowStepRecord,
  dropFrom: number | undefined,
): { steps: WorkflowStepRecord[]; dropped: number[] } {
  const cut = Math.min(dropFrom ?? Infinity, next.stepNumber);
  const kept = steps.filter((step) => step.stepNumber < cut);
  const dropped = steps.filter((step) => step.stepNumber >= cut).map((step) => step.stepNumber);
  return { steps: [...kept, next], dropped };
}

/**
 * The refusal for a step that would replace another tool's unfinished workflow in the thread
 * (a thread keeps one workflow at a time), or undefined when there is none to protect.
 */
export function otherWorkflowError(
  found: WorkflowState | undefined,
  { toolName, threadId }: { toolName: string; threadId: string },
): InvalidArgumentError | undefined {
  if (found === undefined || found.tool === toolName || found.status === 'complete') return undefined;
  const last = found.steps.at(-1)?.stepNumber ?? 0;
  return new InvalidArgumentError({
    argument: 'continuation_id',
    message:
      `The conversation "${threadId}" holds an unfinished ${found.tool} workflow (step ${last} of ` +
      `${found.totalSteps}), and a conversation keeps one workflow at a time. Finish that workflow first ` +
      `(call ${found.tool} with this continuation_id), or call ${toolName} without continuation_id to ` +
      'start a new conversation.',
  });
}
