import {
  builtinModels,
  estimateCostInUsd,
  findModelInfo,
  onTelemetry,
  type ModelInfo,
  type TelemetryEvent,
} from '@exai/core';
import type { BreakerRow } from './dashboard-types.js';
import { SampleWindow, type DashboardSample } from './sample-window.js';

/** Per tenant (`''` outside a request), per provider: a live count. */
type TenantGauge = Map<string, Map<string, number>>;

function adjust(gauge: TenantGauge, tenantId: string, provider: string, delta: number): void {
  const providers = gauge.get(tenantId) ?? new Map<string, number>();
  providers.set(provider, Math.max(0, (providers.get(provider) ?? 0) + delta));
  gauge.set(tenantId, providers);
}

function sumFor(gauge: TenantGauge, tenantId: string | undefined): Map<string, number> {
  const total = new Map<string, number>();
  for (const [tenant, providers] of gauge) {
    if (tenantId !== undefined && tenant !== tenantId) continue;
    for (const [provider, count] of providers) total.set(provider, (total.get(provider) ?? 0) + count);
  }
  return total;
}

const catalogue = new Map<string, ModelInfo | undefined>();

/** The catalogue's list price of a model call; undefined for a model without one. */
function listPriceOf(provider: string, model: string, inputTokens = 0, outputTokens = 0): number | undefined {
  const key = `${provider}:${model}`;
  if (!catalogue.has(key)) {
    if (catalogue.size > 1_000) catalogue.clear();
    catalogue.set(key, findModelInfo(builtinModels(provider), model));
  }
  return estimateCostInUsd(catalogue.get(key), { inputTokens, outputTokens });
}

export interface TelemetrySamples {
  readonly window: SampleWindow;
  /** In-flight and queued provider requests now, of one tenant or all. */
  gauges(tenantId: string | undefined): { inFlight: Map<string, number>; queued: Map<string, number> };
  breakers(): BreakerRow[];
  close(): void;
}

/**
 * Listens to this process's telemetry (`@exai/core`) and keeps what the dashboard shows: tool calls,
 * model calls, store operations, cache lookups and fallbacks as samples, each with the tenant of
 * the call it belongs to (the event's `tenantId`); in-flight and queued
 * gauges per tenant and provider; the last state of every circuit breaker.
 */
export function listenToTelemetry({
  windowInMs,
  maxSamples,
  now = Date.now,
}: {
  windowInMs: number;
  maxSamples: number;
  now?: () => number;
}): TelemetrySamples {
  const window = new SampleWindow(windowInMs, maxSamples);
  const inFlight: TenantGauge = new Map();
  const queued: TenantGauge = new Map();
  const breakers = new Map<string, BreakerRow>();

  function observe(event: TelemetryEvent): void {
    const tenantId = 'tenantId' in event ? event.tenantId : undefined;
    const at = now();
    // Plain literals of one shape: an object spread here costs microseconds per event.
    const push = (
      kind: DashboardSample['kind'],
      name: string,
      outcome: DashboardSample['outcome'] = 'ok',
      latencyInMs = 0,
    ) => window.push({ at, kind, name, tenantId, outcome, latencyInMs });
    switch (event.type) {
      case 'tool-call':
        return push('tool', event.tool, event.outcome, event.durationInMs);
      case 'model-call':
        return window.push({
          at,
          kind: 'provider',
          name: event.provider,
          tenantId,
          outcome: event.outcome,
          latencyInMs: event.durationInMs,
          model: `${event.provider}:${event.model}`,
          inputTokens: event.inputTokens ?? 0,
          outputTokens: event.outputTokens ?? 0,
          costInUsd: listPriceOf(event.provider, event.model, event.inputTokens, event.outputTokens),
        });
      case 'store-operation':
        return push('store', event.operation, event.outcome, event.durationInMs);
      case 'cache-lookup':
        return push(event.outcome === 'hit' ? 'cache-hit' : 'cache-miss', event.tool);
      case 'provider-fallback':
        return push('fallback', event.fromProvider);
      case 'provider-in-flight':
        adjust(inFlight, tenantId ?? '', event.provider, event.delta);
        return;
      case 'provider-queued':
        adjust(queued, tenantId ?? '', event.provider, event.delta);
        return;
      case 'breaker-state': {
        const target = event.model === undefined ? event.provider : `${event.provider}:${event.model}`;
        breakers.set(target, { target, state: event.state, since: at });
        return;
      }
      default:
        return;
    }
  }
  const stop = onTelemetry(observe);
  return {
    window,
    gauges: (tenantId) => ({ inFlight: sumFor(inFlight, tenantId), queued: sumFor(queued, tenantId) }),
    breakers: () => [...breakers.values()].sort((a, b) => a.target.localeCompare(b.target)),
    close: stop,
  };
}
