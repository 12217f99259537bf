import { createHash } from 'node:crypto';
import { DEFAULT_THREAD_TTL_IN_MS } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import type { ToolContext } from '../tool-context.js';

/** How much of a step's text its stored turn keeps; the whole step lives in the workflow state. */
const TURN_TEXT_CHARACTERS = 400;

function expiresAt(context: ToolContext): Date {
  return new Date(Date.now() + (context.runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS));
}

/** Creates the thread a new workflow lives in, marked `{ tool, kind: 'workflow' }`. */
export async function createWorkflowThread(
  context: ToolContext,
  { toolName, step }: { toolName: string; step: string },
): Promise<string> {
  const { store } = context.runtime;
  await ensureTenant(store, context.tenantId);
  const thread = await store.createThread({
    tenantId: context.tenantId,
    title: `${toolName}: ${step.trim()}`.slice(0, 80),
    expiresAt: expiresAt(context),
    metadata: { tool: toolName, kind: 'workflow' },
  });
  return thread.id;
}

/** Whether `stepTurnText` shortens this step's text. */
export function isShortened(step: string): boolean {
  return step.trim().replace(/\s+/g, ' ').length > TURN_TEXT_CHARACTERS;
}

/** `codereview step 2/3: Check the token handling…`, the short text a step is stored under. */
export function stepTurnText(
  toolName: string,
  {
    stepNumber,
    totalSteps,
    step,
    final,
  }: { stepNumber: number; totalSteps: number; step: string; final: boolean },
): string {
  const text = step.trim().replace(/\s+/g, ' ');
  const short = text.length > TURN_TEXT_CHARACTERS ? `${text.slice(0, TURN_TEXT_CHARACTERS - 1)}…` : text;
  return `${toolName} step ${stepNumber}/${totalSteps}${final ? ' (final)' : ''}: ${short}`;
}

/**
 * Appends a step's user turn so the thread's history shows the workflow. The idempotency key is
 * the step's content, so a client retrying the same call adds no second turn.
 */
export async function appendStepTurn(
  context: ToolContext,
  {
    threadId,
    toolName,
    text,
    stepNumber,
    input,
  }: {
    threadId: string;
    toolName: string;
    text: string;
    stepNumber: number;
    input: unknown;
  },
): Promise<void> {
  const digest = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 16);
  await context.runtime.store.appendTurn({
    tenantId: context.tenantId,
    threadId,
    role: 'user',
    content: text,
    toolName,
    idempotencyKey: `${toolName}:step:${stepNumber}:${digest}`,
    expiresAt: expiresAt(context),
    metadata: { workflowStep: stepNumber },
  });
}
