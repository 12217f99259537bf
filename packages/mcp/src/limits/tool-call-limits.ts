import type { ToolCaller } from '../mcp-server/request-caller.js';

/** One model call asking to start, with what it is expected to take. */
export interface ToolCallAdmission {
  caller: ToolCaller;
  /** The tool making the call. */
  tool: string;
  /** `provider:model` that will be asked first. */
  model: string;
  /** Prompt tokens plus the answer expected, reserved before the call and reconciled after. */
  estimatedTokens: number;
  /** The estimate priced with the model catalogue; undefined when the model has no price. */
  estimatedCostInUsd?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What a call actually took, reported once when it ends (whether it succeeded or not). */
export interface ToolCallSettlement {
  /** Input plus output tokens the provider reported (0 when the call failed before an answer). */
  tokens: number;
  costInUsd?: number | undefined;
  outcome: 'ok' | 'error' | 'cancelled';
}

/** A call's hold on its tenant's limits: settle it exactly once, when the call ends. */
export interface ToolCallReservation {
  settle(settlement: ToolCallSettlement): Promise<void>;
}

/**
 * Tenant limits on model calls (tokens per minute, concurrent calls, budgets), applied per call by
 * every model-backed tool. `admit` reserves atomically — the estimate is counted before the call,
 * never checked first and added later — and throws `RateLimitedError`, `BudgetExhaustedError` or
 * `LimitsUnavailableError` to refuse. `@exai/server`'s `createTenantLimits` implements it.
 */
export interface ToolCallLimits {
  admit(admission: ToolCallAdmission): Promise<ToolCallReservation>;
}
