import { emitTelemetry, type TelemetryEvent } from '@exai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { listenToTelemetry, type TelemetrySamples } from './telemetry-samples.js';

let live: TelemetrySamples | undefined;
afterEach(() => live?.close());

/** Emits `event` as one of `tenantId`'s calls would (the tenant stamped on the event). */
const asTenant = (tenantId: string, event: TelemetryEvent) =>
  emitTelemetry({ ...event, tenantId } as TelemetryEvent);

describe('listenToTelemetry', () => {
  it('tags each sample with the tenant of the request it happened in, and prices model calls', () => {
    live = listenToTelemetry({ windowInMs: 60_000, maxSamples: 100 });
    asTenant('acme', { type: 'tool-call', tool: 'chat', outcome: 'ok', durationInMs: 12 });
    asTenant('globex', {
      type: 'model-call',
      provider: 'kimi',
      model: 'kimi-k2-0905-preview',
      operation: 'chat',
      outcome: 'ok',
      durationInMs: 30,
      inputTokens: 1_000_000,
      outputTokens: 0,
    });
    emitTelemetry({ type: 'cache-lookup', tool: 'chat', outcome: 'hit' });
    const samples = live.window.select(Date.now() + 1, () => true);
    expect(samples.map((sample) => [sample.kind, sample.tenantId])).toEqual([
      ['tool', 'acme'],
      ['provider', 'globex'],
      ['cache-hit', undefined],
    ]);
    expect(samples[1]).toMatchObject({ model: 'kimi:kimi-k2-0905-preview', costInUsd: expect.any(Number) });
    expect(samples[1]!.costInUsd).toBeGreaterThan(0);
  });

  it('keeps in-flight and queued per tenant and provider, and the last state of each breaker', () => {
    live = listenToTelemetry({ windowInMs: 60_000, maxSamples: 100 });
    asTenant('acme', { type: 'provider-in-flight', provider: 'kimi', delta: 1 });
    asTenant('acme', { type: 'provider-in-flight', provider: 'kimi', delta: 1 });
    asTenant('acme', { type: 'provider-queued', provider: 'kimi', delta: 1 });
    asTenant('globex', { type: 'provider-in-flight', provider: 'kimi', delta: 1 });
    asTenant('acme', { type: 'provider-in-flight', provider: 'kimi', delta: -1 });
    expect(live.gauges('acme')).toEqual({ inFlight: new Map([['kimi', 1]]), queued: new Map([['kimi', 1]]) });
    expect(live.gauges('globex').inFlight).toEqual(new Map([['kimi', 1]]));
    expect(live.gauges(undefined).inFlight).toEqual(new Map([['kimi', 2]]));
    emitTelemetry({ type: 'breaker-state', provider: 'kimi', model: 'kimi-k2', state: 'open' });
    emitTelemetry({ type: 'breaker-state', provider: 'kimi', model: 'kimi-k2', state: 'half-open' });
    expect(live.breakers()).toMatchObject([{ target: 'kimi:kimi-k2', state: 'half-open' }]);
    live.close();
    emitTelemetry({ type: 'tool-call', tool: 'chat', outcome: 'ok', durationInMs: 1 });
    expect(live.window.select(Date.now() + 1, () => true)).toEqual([]);
  });
});
