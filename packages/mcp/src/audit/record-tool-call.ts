import { ExaiError } from '@exai/core';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import type { ToolCaller } from '../mcp-server/request-caller.js';
import { ensureTenant } from '../model-turn/ensure-tenant.js';
import { redactSecrets } from './redact-for-audit.js';
import { redactToolArguments } from './redact-tool-arguments.js';
import type { ToolCallMeter } from './tool-call-meter.js';

/** How a tool call ended: refused by a limit or budget before any model was asked, too. */
export type ToolCallOutcome = 'ok' | 'error' | 'refused' | 'cancelled';

const refusals = new Set(['rate_limited', 'budget_exhausted', 'limits_unavailable']);

/** The outcome and error code of a call that threw (or `ok` when `error` is undefined). */
export function outcomeOf(
  error: unknown,
  signal: AbortSignal,
): { outcome: ToolCallOutcome; errorCode?: string } {
  if (error === undefined) return { outcome: 'ok' };
  const code = ExaiError.isInstance(error) ? error.code : 'internal_error';
  if (refusals.has(code)) return { outcome: 'refused', errorCode: code };
  if (signal.aborted || code === 'aborted') return { outcome: 'cancelled', errorCode: code };
  return { outcome: 'error', errorCode: code };
}

/** Who acted, as the audit log names them: the API key id, the token's subject, else `local`. */
export function actorOf(caller: ToolCaller): string {
  if (caller.keyId !== undefined) return caller.keyId;
  if (caller.subject !== undefined) return `jwt:${caller.subject}`;
  return 'local';
}

export interface ToolCallAudit {
  caller: ToolCaller;
  tool: string;
  arguments: unknown;
  meter: ToolCallMeter;
  outcome: ToolCallOutcome;
  errorCode?: string | undefined;
  latencyInMs: number;
  /** The request id of the HTTP request (or one made for the call), shared with the logs. */
  correlationId: string;
  /** `hit` when the response cache answered the call (no model was asked; 0 tokens). */
  cache?: 'hit' | undefined;
}

/**
 * Appends the audit record of one tool call — whatever its outcome, refused calls included: tenant,
 * key id (never the key), tool, models, outcome, latency, tokens, cost, correlation id, and the
 * arguments only as `redactToolArguments` leaves them (no prompt or other content, at any length). A failing write is logged, never thrown: the
 * call's answer does not depend on it.
 */
export async function recordToolCall(runtime: ExaiRuntime, audit: ToolCallAudit): Promise<void> {
  const { caller, meter } = audit;
  try {
    await ensureTenant(runtime.store, caller.tenantId);
    await runtime.store.appendAudit({
      tenantId: caller.tenantId,
      actor: actorOf(caller),
      action: 'tool.call',
      target: audit.tool,
      detail: {
        tool: audit.tool,
        ...(caller.keyId !== undefined && { keyId: caller.keyId }),
        ...(caller.subject !== undefined && { subject: caller.subject }),
        ...(meter.models.length > 0 && { model: meter.models[0], models: meter.models }),
        outcome: audit.outcome,
        ...(audit.errorCode !== undefined && { errorCode: audit.errorCode }),
        latencyInMs: audit.latencyInMs,
        inputTokens: meter.inputTokens,
        outputTokens: meter.outputTokens,
        ...(meter.costInUsd !== undefined && { costInUsd: meter.costInUsd }),
        correlationId: audit.correlationId,
        ...(audit.cache !== undefined && { cache: audit.cache }),
        arguments: redactToolArguments(audit.arguments),
      },
    });
  } catch (error) {
    runtime.logger?.(
      `exai: could not write the audit record of ${audit.tool} (${audit.correlationId}): ${redactSecrets(String(error))}`,
      { correlationId: audit.correlationId, tenantId: caller.tenantId },
    );
  }
}
