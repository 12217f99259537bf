import { randomUUID } from 'node:crypto';
import { emitTelemetry } from '@exai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createExaiMetrics, type ExaiMetrics } from './exai-metrics.js';

let metrics: ExaiMetrics | undefined;
afterEach(() => metrics?.close());

async function seriesCount(registry: ExaiMetrics['registry']): Promise<number> {
  const all = await registry.getMetricsAsJSON();
  return all.reduce((sum, metric) => sum + metric.values.length, 0);
}

describe('createExaiMetrics', () => {
  it('keeps the series count bounded under 10,000 calls with random thread ids, tools, models and tenants', async () => {
    metrics = createExaiMetrics({ processMetrics: false, maxLabelValues: 20 });
    const outcomes = ['ok', 'error', 'cancelled'] as const;
    let lastThread = '';
    for (let index = 0; index < 10_000; index += 1) {
      const thread = randomUUID();
      lastThread = thread;
      // A client may name any tool or model; a thread id must never reach a label.
      emitTelemetry({
        type: 'tool-call',
        tool: index % 2 === 0 ? 'chat' : `tool-${thread}`,
        outcome: outcomes[index % 3]!,
        durationInMs: index % 500,
        errorCode: index % 3 === 1 ? `code_${thread}` : undefined,
      });
      emitTelemetry({
        type: 'model-call',
        provider: index % 5 === 0 ? `provider-${thread}` : 'kimi',
        model: index % 2 === 0 ? 'kimi-k2' : `model-${thread}`,
        operation: 'chat',
        outcome: outcomes[index % 3]!,
        durationInMs: 100,
        timeToFirstTokenInMs: 10,
        inputTokens: 100,
        outputTokens: 20,
      });
      emitTelemetry({ type: 'provider-retry', provider: `p-${thread}` });
      emitTelemetry({ type: 'provider-queued', provider: `p-${thread}`, delta: 1 });
      emitTelemetry({ type: 'provider-fallback', fromProvider: `p-${thread}`, toProvider: 'glm' });
      emitTelemetry({ type: 'breaker-state', provider: 'kimi', model: `model-${thread}`, state: 'open' });
      emitTelemetry({ type: 'cache-lookup', tool: `tool-${thread}`, outcome: index % 2 ? 'hit' : 'miss' });
      emitTelemetry({ type: 'store-operation', operation: `op-${thread}`, outcome: 'ok', durationInMs: 1 });
      metrics.rateLimited(`tenant-${thread}`, index % 2 === 0 ? 'rate' : `reason ${thread}`);
      emitTelemetry({ type: 'rate-limited', tenantId: `tenant-${thread}`, reason: 'budget' });
    }
    const text = await metrics.render();
    // Past the cap, a new value never becomes a label of its own.
    expect(text).not.toContain(lastThread);
    const count = await seriesCount(metrics.registry);
    // Every label is capped at 20 values plus `other`: the series stop growing long before 10,000.
    expect(count).toBeLessThan(3_000);
    expect(text).toContain('tool="other"');
    expect(text).toContain('tenant="other"');

    for (let index = 0; index < 1_000; index += 1)
      emitTelemetry({ type: 'tool-call', tool: `late-${randomUUID()}`, outcome: 'ok', durationInMs: 1 });
    expect(await seriesCount(metrics.registry)).toBe(count);
  });

  it('turns a label value not shaped like a name, or a model outside the catalogue, into other', async () => {
    metrics = createExaiMetrics({ processMetrics: false });
    emitTelemetry({ type: 'tool-call', tool: 'how do I {hack}', outcome: 'ok', durationInMs: 1 });
    emitTelemetry({
      type: 'model-call',
      provider: 'kimi',
      model: 'made-up-model',
      catalogued: false,
      operation: 'chat',
      outcome: 'ok',
      durationInMs: 1,
    });
    const text = await metrics.render();
    expect(text).toContain('exai_tool_calls_total{tool="other",outcome="ok",error_code=""} 1');
    expect(text).toContain(
      'exai_provider_calls_total{provider="kimi",model="other",outcome="ok",error_code=""} 1',
    );
  });

  it('exports queued calls, fallbacks, breaker states, cache lookups, store timings, budget refusals and unsaved turns', async () => {
    metrics = createExaiMetrics({ processMetrics: false });
    emitTelemetry({ type: 'provider-queued', provider: 'kimi', delta: 1 });
    emitTelemetry({ type: 'provider-queued', provider: 'kimi', delta: 1 });
    emitTelemetry({ type: 'provider-queued', provider: 'kimi', delta: -1 });
    emitTelemetry({ type: 'provider-fallback', fromProvider: 'kimi', toProvider: 'glm' });
    emitTelemetry({ type: 'breaker-state', provider: 'kimi', model: 'kimi-k2', state: 'open' });
    emitTelemetry({ type: 'breaker-state', provider: 'glm', model: 'glm-4.6', state: 'open' });
    emitTelemetry({ type: 'breaker-state', provider: 'glm', model: 'glm-4.6', state: 'half-open' });
    emitTelemetry({ type: 'cache-lookup', tool: 'chat', outcome: 'hit' });
    emitTelemetry({ type: 'store-operation', operation: 'commitTurn', outcome: 'ok', durationInMs: 2 });
    emitTelemetry({ type: 'rate-limited', tenantId: 'acme', reason: 'budget' });
    emitTelemetry({ type: 'rate-limited', tenantId: 'acme', reason: 'requests' });
    emitTelemetry({ type: 'turn-not-saved', tool: 'chat', errorCode: 'store_unavailable', tenantId: 'acme' });
    const text = await metrics.render();
    expect(text).toContain('exai_provider_queued{provider="kimi"} 1');
    expect(text).toContain('exai_provider_fallbacks_total{from_provider="kimi",to_provider="glm"} 1');
    expect(text).toContain('exai_circuit_breaker_state{provider="kimi",model="kimi-k2"} 2');
    expect(text).toContain('exai_circuit_breaker_state{provider="glm",model="glm-4.6"} 1');
    expect(text).toContain('exai_cache_lookups_total{tool="chat",outcome="hit"} 1');
    expect(text).toContain(
      'exai_store_operation_duration_seconds_count{operation="commitTurn",outcome="ok"} 1',
    );
    expect(text).toContain('exai_budget_refused_total{tenant="acme"} 1');
    expect(text).toContain('exai_rate_limited_total{tenant="acme",reason="requests"} 1');
    expect(text).not.toContain('reason="budget"');
    expect(text).toContain('exai_turns_not_saved_total{tool="chat"} 1');
  });

  it('exports process metrics by default', async () => {
    metrics = createExaiMetrics();
    expect(await metrics.render()).toContain('process_cpu_user_seconds_total');
  });
});
