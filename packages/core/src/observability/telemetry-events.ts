/**
 * Telemetry hooks: the packages that do the work (transport, registry, MCP tools, limits) emit
 * small events here; whoever exports metrics (the HTTP daemon's Prometheus registry) listens.
 * Nothing is computed when no one listens. Events never carry prompts, answers, keys or thread
 * ids, only names that are safe as metric labels once bucketed. Events of one call carry the
 * tenant it was made for (`tenantId`) when the caller said so (`TelemetryAttributes`), for views
 * that split by tenant (the dashboard); metrics do not use it as a label.
 */
export type TelemetryOutcome = 'ok' | 'error' | 'cancelled';

/** What a caller tells the layers below about a call, to be stamped on its telemetry events. */
export interface TelemetryAttributes {
  /** The tenant the call is made for. */
  tenantId?: string;
}

export type TelemetryEvent =
  /** One MCP tool call, from its arguments being accepted to its result. */
  | {
      type: 'tool-call';
      tool: string;
      outcome: TelemetryOutcome;
      durationInMs: number;
      errorCode?: string;
      tenantId?: string;
    }
  /** One model call (after fallbacks): who answered, how long it took, the tokens it used. */
  | {
      type: 'model-call';
      provider: string;
      model: string;
      /** False for a model id the provider's catalogue does not list (passed through): bucketed. */
      catalogued?: boolean;
      operation: 'chat';
      outcome: TelemetryOutcome;
      durationInMs: number;
      /** Streamed calls: from sending the request to the first text or reasoning delta. */
      timeToFirstTokenInMs?: number;
      inputTokens?: number;
      outputTokens?: number;
      errorCode?: string;
      tenantId?: string;
    }
  /** The transport retries an attempt to a provider. */
  | { type: 'provider-retry'; provider: string }
  /** A provider call took (`+1`) or gave back (`-1`) a concurrency slot. */
  | { type: 'provider-in-flight'; provider: string; delta: 1 | -1; tenantId?: string }
  /** A request or call refused by a limit (rate, concurrency, budget) of a tenant. */
  | { type: 'rate-limited'; tenantId: string; reason: string }
  /** A call entered (`+1`) or left (`-1`) a provider's bulkhead queue. */
  | { type: 'provider-queued'; provider: string; delta: 1 | -1; tenantId?: string }
  /** A provider fallback: `from` failed and the call moved on to `to` (`provider:model` names). */
  | { type: 'provider-fallback'; fromProvider: string; toProvider: string; tenantId?: string }
  /** The circuit breaker of a `provider:model` target changed state. */
  | { type: 'breaker-state'; provider: string; model?: string; state: 'closed' | 'open' | 'half-open' }
  /**
   * A model answered but its turn could not be stored (the store was unavailable at the commit):
   * the answer was returned unsaved, without a `continuation_id`.
   */
  | { type: 'turn-not-saved'; tool: string; errorCode: string; tenantId?: string }
  /** A response-cache lookup of an idempotent tool. */
  | { type: 'cache-lookup'; tool: string; outcome: 'hit' | 'miss'; tenantId?: string }
  /** One session-store operation (name of the contract method), timed. */
  | {
      type: 'store-operation';
      operation: string;
      outcome: 'ok' | 'error';
      durationInMs: number;
      tenantId?: string;
    };

export type TelemetryListener = (event: TelemetryEvent) => void;

const listeners = new Set<TelemetryListener>();

/** Listens to every telemetry event of this process; returns the function that stops it. */
export function onTelemetry(listener: TelemetryListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when someone listens: lets a caller skip building an event. */
export function telemetryEnabled(): boolean {
  return listeners.size > 0;
}

/** Hands `event` to every listener; a listener that throws is ignored (metrics never fail a call). */
export function emitTelemetry(event: TelemetryEvent): void {
  if (listeners.size === 0) return;
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // A broken exporter must not break the call it observes.
    }
  }
}
