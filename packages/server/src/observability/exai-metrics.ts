import { onTelemetry, type TelemetryEvent } from '@exai/core';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { createBoundedLabel } from './bounded-label.js';
import { createChildCache } from './child-cache.js';
import { SeriesHistogram } from './series-histogram.js';

/** The metrics a daemon exports; `rateLimited` is the hook the limits code calls. */
export interface ExaiMetrics {
  readonly registry: Registry;
  /**
   * Counts a request or call a limit refused for a tenant (`reason`: requests, tokens, concurrency;
   * `budget` counts in `exai_budget_refused_total` instead).
   */
  rateLimited(tenantId: string, reason: string): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Stops listening to the telemetry hooks. */
  close(): void;
}

export interface CreateExaiMetricsOptions {
  /** Also export the process's CPU, memory, event-loop and GC metrics. Default true. */
  processMetrics?: boolean;
  /** Distinct values kept per label (tools, providers, models, tenants) before `other`. Default 100. */
  maxLabelValues?: number;
}

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const storeBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** `exai_circuit_breaker_state`'s value per state. */
const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;
const tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];

/**
 * A Prometheus registry fed by `@exai/core`'s telemetry hooks. Labels are names only (tool,
 * provider, model, tenant, outcome), each bounded: no thread ids, prompts or key ids.
 */
export function createExaiMetrics({
  processMetrics = true,
  maxLabelValues = 100,
}: CreateExaiMetricsOptions = {}): ExaiMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const toolLabel = createBoundedLabel(maxLabelValues);
  const providerLabel = createBoundedLabel(maxLabelValues);
  const modelLabel = createBoundedLabel(maxLabelValues);
  const tenantLabel = createBoundedLabel(maxLabelValues);
  const reasonLabel = createBoundedLabel(20);
  const errorLabel = createBoundedLabel(50);
  const operationLabel = createBoundedLabel(64);
  const registers = [registry];

  const toolCalls = new Counter({
    name: 'exai_tool_calls_total',
    help: 'MCP tool calls by tool and outcome (ok, error, cancelled).',
    labelNames: ['tool', 'outcome', 'error_code'],
    registers,
  });
  const toolDuration = new SeriesHistogram({
    name: 'exai_tool_call_duration_seconds',
    help: 'MCP tool call duration.',
    labelNames: ['tool', 'outcome'],
    buckets: secondsBuckets,
    registers,
  });
  const providerCalls = new Counter({
    name: 'exai_provider_calls_total',
    help: 'Model calls by provider, model and outcome (after fallbacks).',
    labelNames: ['provider', 'model', 'outcome', 'error_code'],
    registers,
  });
  const operationDuration = new SeriesHistogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'GenAI operation duration (OpenTelemetry gen_ai.client.operation.duration).',
    labelNames: ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'outcome'],
    buckets: secondsBuckets,
    registers,
  });
  const tokenUsage = new SeriesHistogram({
    name: 'gen_ai_client_token_usage',
    help: 'Tokens per model call (OpenTelemetry gen_ai.client.token.usage), by gen_ai_token_type input or output.',
    labelNames: ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'gen_ai_token_type'],
    buckets: tokenBuckets,
    registers,
  });
  const timeToFirstToken = new SeriesHistogram({
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'From sending a streamed model request to its first token (gen_ai.server.time_to_first_token).',
    labelNames: ['gen_ai_system', 'gen_ai_request_model'],
    buckets: secondsBuckets,
    registers,
  });
  const retries = new Counter({
    name: 'exai_provider_retries_total',
    help: 'Attempts to a provider retried by the transport.',
    labelNames: ['provider'],
    registers,
  });
  const inFlight = new Gauge({
    name: 'exai_provider_in_flight',
    help: 'Provider requests holding a concurrency slot now.',
    labelNames: ['provider'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'exai_rate_limited_total',
    help: 'Requests or calls refused by a limit, by tenant and reason.',
    labelNames: ['tenant', 'reason'],
    registers,
  });

  const queued = new Gauge({
    name: 'exai_provider_queued',
    help: 'Provider requests waiting in the bulkhead queue for a concurrency slot now.',
    labelNames: ['provider'],
    registers,
  });
  const fallbacks = new Counter({
    name: 'exai_provider_fallbacks_total',
    help: 'Calls that moved on from a failed provider to the next model of the fallback chain.',
    labelNames: ['from_provider', 'to_provider'],
    registers,
  });
  const breakerState = new Gauge({
    name: 'exai_circuit_breaker_state',
    help: 'Circuit breaker state per provider and model target: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider', 'model'],
    registers,
  });
  const cacheLookups = new Counter({
    name: 'exai_cache_lookups_total',
    help: 'Response-cache lookups of idempotent tools, by tool and outcome (hit, miss).',
    labelNames: ['tool', 'outcome'],
    registers,
  });
  const storeDuration = new SeriesHistogram({
    name: 'exai_store_operation_duration_seconds',
    help: 'Session-store operation duration, by contract method and outcome (ok, error).',
    labelNames: ['operation', 'outcome'],
    buckets: storeBuckets,
    registers,
  });
  const budgetRefused = new Counter({
    name: 'exai_budget_refused_total',
    help: 'Tool calls refused because a daily or monthly budget of the tenant (or key) was spent.',
    labelNames: ['tenant'],
    registers,
  });
  const turnsNotSaved = new Counter({
    name: 'exai_turns_not_saved_total',
    help: 'Answers returned without being stored, because the session store was unavailable when their turn was committed, by tool.',
    labelNames: ['tool'],
    registers,
  });
  /** `provider:model` pairs kept as labels, per provider then model (a miss builds the pair once). */
  const keptModels = new Map<string, Map<string, string>>();
  /** A model name as a label: one of the first N `provider:model` pairs, else `other`. */
  const modelOf = (provider: string, model: string | undefined): string => {
    if (model === undefined) return '';
    const kept = keptModels.get(provider)?.get(model);
    if (kept !== undefined) return kept;
    if (modelLabel(`${provider}:${model}`) === 'other') return 'other';
    let models = keptModels.get(provider);
    if (models === undefined) keptModels.set(provider, (models = new Map()));
    models.set(model, model);
    return model;
  };

  // prom-client children resolved once per combination of bounded label values.
  const toolSeries = createChildCache((tool, outcome, errorCode) => ({
    calls: toolCalls.labels(tool, outcome, errorCode),
    duration: toolDuration.labels(tool, outcome),
  }));
  const modelSeries = createChildCache((operation, provider, model, outcome, errorCode) => ({
    calls: providerCalls.labels(provider, model, outcome, errorCode),
    duration: operationDuration.labels(operation, provider, model, outcome),
    inputTokens: tokenUsage.labels(operation, provider, model, 'input'),
    outputTokens: tokenUsage.labels(operation, provider, model, 'output'),
    timeToFirstToken: timeToFirstToken.labels(provider, model),
  }));
  const retriesOf = createChildCache((provider) => retries.labels(provider));
  const inFlightOf = createChildCache((provider) => inFlight.labels(provider));
  const queuedOf = createChildCache((provider) => queued.labels(provider));
  const budgetRefusedOf = createChildCache((tenant) => budgetRefused.labels(tenant));
  const rateLimitedOf = createChildCache((tenant, reason) => rateLimited.labels(tenant, reason));
  const fallbacksOf = createChildCache((from, to) => fallbacks.labels(from, to));
  const breakerStateOf = createChildCache((provider, model) => breakerState.labels(provider, model));
  const cacheLookupsOf = createChildCache((tool, outcome) => cacheLookups.labels(tool, outcome));
  const turnsNotSavedOf = createChildCache((tool) => turnsNotSaved.labels(tool));
  const storeDurationOf = createChildCache((operation, outcome) => storeDuration.labels(operation, outcome));

  function observe(event: TelemetryEvent): void {
    switch (event.type) {
      case 'tool-call': {
        const errorCode = event.errorCode === undefined ? '' : errorLabel(event.errorCode);
        const series = toolSeries(toolLabel(event.tool), event.outcome, errorCode);
        series.calls.inc();
        series.duration.observe(event.durationInMs / 1000);
        return;
      }
      case 'model-call': {
        const provider = providerLabel(event.provider);
        const model = event.catalogued === false ? 'other' : modelOf(event.provider, event.model);
        const errorCode = event.errorCode === undefined ? '' : errorLabel(event.errorCode);
        const series = modelSeries(event.operation, provider, model, event.outcome, errorCode);
        series.calls.inc();
        series.duration.observe(event.durationInMs / 1000);
        if (event.inputTokens !== undefined) series.inputTokens.observe(event.inputTokens);
        if (event.outputTokens !== undefined) series.outputTokens.observe(event.outputTokens);
        if (event.timeToFirstTokenInMs !== undefined)
          series.timeToFirstToken.observe(event.timeToFirstTokenInMs / 1000);
        return;
      }
      case 'provider-retry':
        retriesOf(providerLabel(event.provider)).inc();
        return;
      case 'provider-in-flight':
        inFlightOf(providerLabel(event.provider)).inc(event.delta);
        return;
      case 'rate-limited':
        if (event.reason === 'budget') budgetRefusedOf(tenantLabel(event.tenantId)).inc();
        else rateLimitedOf(tenantLabel(event.tenantId), reasonLabel(event.reason)).inc();
        return;
      case 'provider-queued':
        queuedOf(providerLabel(event.provider)).inc(event.delta);
        return;
      case 'provider-fallback':
        fallbacksOf(providerLabel(event.fromProvider), providerLabel(event.toProvider)).inc();
        return;
      case 'breaker-state':
        breakerStateOf(providerLabel(event.provider), modelOf(event.provider, event.model)).set(
          BREAKER_STATE_VALUES[event.state],
        );
        return;
      case 'cache-lookup':
        cacheLookupsOf(toolLabel(event.tool), event.outcome).inc();
        return;
      case 'turn-not-saved':
        turnsNotSavedOf(toolLabel(event.tool)).inc();
        return;
      case 'store-operation':
        storeDurationOf(operationLabel(event.operation), event.outcome).observe(event.durationInMs / 1000);
        return;
    }
  }
  const stop = onTelemetry(observe);

  return {
    registry,
    contentType: registry.contentType,
    rateLimited: (tenantId, reason) => observe({ type: 'rate-limited', tenantId, reason }),
    render: () => registry.metrics(),
    close: stop,
  };
}
