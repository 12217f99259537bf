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

/** How much of a step's findings its stored turn keeps, so later turns of the thread see them. */
const TURN_FINDINGS_CHARACTERS = 1500;

function shortened(text: string, characters: number): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > characters ? `${flat.slice(0, characters - 1)}…` : flat;
}

/**
 * `codereview step 2/3: Check the token handling…` and, on the next line, `Findings: …`: the
 * text a step is stored under, which is what later turns of the thread (a continuing chat, the
 * expert) see of it.
 */
export function stepTurnText(
  toolName: string,
  {
    stepNumber,
    totalSteps,
    step,
    findings,
    final,
  }: { stepNumber: number; totalSteps: number; step: string; findings?: string | undefined; final: boolean },
): string {
  const heading = `${toolName} step ${stepNumber}/${totalSteps}${final ? ' (final)' : ''}: ${shortened(step, TURN_TEXT_CHARACTERS)}`;
  const found = findings?.trim() ? `\nFindings: ${shortened(findings, TURN_FINDINGS_CHARACTERS)}` : '';
  return `${heading}${found}`;
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
