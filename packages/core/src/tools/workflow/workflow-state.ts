import { z } from 'zod';
import type { SessionStoreV1 } from '../../session-store/v1/session-store-v1.js';
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
 * The thread's workflow state when it belongs to `toolName`; undefined when the thread holds none,
 * holds another tool's, or holds a document this version cannot read (the next step starts over).
 */
export async function readWorkflowState(
  store: SessionStoreV1,
  tenantId: string,
  threadId: string,
  toolName: string,
): Promise<WorkflowState | undefined> {
  const record = await store.getWorkflowState(tenantId, threadId);
  if (record === undefined) return undefined;
  const parsed = workflowStateSchema.safeParse(record.state);
  if (!parsed.success || parsed.data.tool !== toolName) return undefined;
  return parsed.data;
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
