import { onTelemetry, type TelemetryEvent } from '@exai/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createBoundedLabel } from './bounded-label.js';

/** The metrics a daemon exports; `rateLimited` is the hook the limits code calls. */
export interface ExaiMetrics {
  readonly registry: Registry;
  /** Counts a request or call a limit refused for a tenant (`reason`: rate, concurrency, budget…). */
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
  const registers = [registry];

  const toolCalls = new Counter({
    name: 'exai_tool_calls_total',
    help: 'MCP tool calls by tool and outcome (ok, error, cancelled).',
    labelNames: ['tool', 'outcome', 'error_code'],
    registers,
  });
  const toolDuration = new Histogram({
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
  const operationDuration = new Histogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'GenAI operation duration (OpenTelemetry gen_ai.client.operation.duration).',
    labelNames: ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'outcome'],
    buckets: secondsBuckets,
    registers,
  });
  const tokenUsage = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'Tokens per model call (OpenTelemetry gen_ai.client.token.usage), by gen_ai_token_type input or output.',
    labelNames: ['gen_ai_operation_name', 'gen_ai_system', 'gen_ai_request_model', 'gen_ai_token_type'],
    buckets: tokenBuckets,
    registers,
  });
  const timeToFirstToken = new Histogram({
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

  function observe(event: TelemetryEvent): void {
    switch (event.type) {
      case 'tool-call': {
        const tool = toolLabel(event.tool);
        const errorCode = event.errorCode === undefined ? '' : errorLabel(event.errorCode);
        toolCalls.inc({ tool, outcome: event.outcome, error_code: errorCode });
        toolDuration.observe({ tool, outcome: event.outcome }, event.durationInMs / 1000);
        return;
      }
      case 'model-call': {
        const provider = providerLabel(event.provider);
        const model =
          event.catalogued === false || modelLabel(`${event.provider}:${event.model}`) === 'other'
            ? 'other'
            : event.model;
        const errorCode = event.errorCode === undefined ? '' : errorLabel(event.errorCode);
        providerCalls.inc({ provider, model, outcome: event.outcome, error_code: errorCode });
        const genAi = {
          gen_ai_operation_name: event.operation,
          gen_ai_system: provider,
          gen_ai_request_model: model,
        };
        operationDuration.observe({ ...genAi, outcome: event.outcome }, event.durationInMs / 1000);
        if (event.inputTokens !== undefined)
          tokenUsage.observe({ ...genAi, gen_ai_token_type: 'input' }, event.inputTokens);
        if (event.outputTokens !== undefined)
          tokenUsage.observe({ ...genAi, gen_ai_token_type: 'output' }, event.outputTokens);
        if (event.timeToFirstTokenInMs !== undefined)
          timeToFirstToken.observe(
            { gen_ai_system: provider, gen_ai_request_model: model },
            event.timeToFirstTokenInMs / 1000,
          );
        return;
      }
      case 'provider-retry':
        retries.inc({ provider: providerLabel(event.provider) });
        return;
      case 'provider-in-flight':
        inFlight.inc({ provider: providerLabel(event.provider) }, event.delta);
        return;
      case 'rate-limited':
        rateLimited.inc({ tenant: tenantLabel(event.tenantId), reason: reasonLabel(event.reason) });
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
