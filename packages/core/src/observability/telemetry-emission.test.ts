import { afterEach, describe, expect, it } from 'vitest';
import { builtinModels } from '../model-catalogue/builtin-catalogue.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { createProviderRegistry } from '../registry/create-provider-registry.js';
import { createFakeWorld } from '../registry/registry-test-fakes.js';
import { chatRequest, sleep, useTransportFixture } from '../transport/transport-test-helpers.js';
import { onTelemetry, type TelemetryEvent } from './telemetry-events.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function listen<Type extends TelemetryEvent['type']>(
  type: Type,
): Array<Extract<TelemetryEvent, { type: Type }>> {
  const events: Array<Extract<TelemetryEvent, { type: Type }>> = [];
  stop = onTelemetry((event) => {
    if (event.type === type) events.push(event as Extract<TelemetryEvent, { type: Type }>);
  });
  return events;
}

describe('telemetry events at their sources', () => {
  const fixture = useTransportFixture({ retry: { maxRetries: 0 } });

  it('emits provider-queued when a call enters the bulkhead queue and when it leaves it', async () => {
    const events = listen('provider-queued');
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 50 });
    const current = fixture.create({ bulkheadByProvider: { fake: { maxConcurrent: 1, maxQueue: 5 } } });
    const first = current.request(chatRequest(fixture.upstream.url));
    const second = current.request(chatRequest(fixture.upstream.url));
    expect(events).toEqual([{ type: 'provider-queued', provider: 'fake', delta: 1 }]);
    await Promise.all([first, second]);
    expect(events.map((event) => event.delta)).toEqual([1, -1]);
  });

  it('emits provider-retry for each retry, with or without a transport event observer', async () => {
    const events = listen('provider-retry');
    fixture.upstream.enqueue({ status: 503, retryAfterMs: 1 });
    const current = fixture.create({ retry: { maxRetries: 2 } });
    expect((await current.request(chatRequest(fixture.upstream.url))).status).toBe(200);
    expect(events).toEqual([{ type: 'provider-retry', provider: 'fake' }]);
  });

  it('emits breaker-state as a target circuit opens, half-opens and closes', async () => {
    const events = listen('breaker-state');
    const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 100 };
    const current = fixture.create({ breaker });
    const target = { provider: 'fake', model: 'fake-model' };
    const attempt = () =>
      current.request(chatRequest(fixture.upstream.url, { target })).catch((caught: unknown) => caught);
    fixture.upstream.enqueue({ status: 503, times: 2 });
    await attempt();
    await attempt();
    await sleep(200);
    await attempt();
    expect(events).toEqual([
      { type: 'breaker-state', provider: 'fake', model: 'fake-model', state: 'open' },
      { type: 'breaker-state', provider: 'fake', model: 'fake-model', state: 'half-open' },
      { type: 'breaker-state', provider: 'fake', model: 'fake-model', state: 'closed' },
    ]);
  });

  it('emits provider-fallback when a chain moves on from a failed provider', async () => {
    const events = listen('provider-fallback');
    const world = createFakeWorld();
    const registry = createProviderRegistry({
      providers: ['kimi', 'glm'].map((id) => world.provider(id, builtinModels(id))),
      fallbacks: { 'kimi-k2': ['glm:glm-4.6'] },
    });
    const url = 'https://api.moonshot.ai/v1/chat/completions';
    world.behave('kimi:kimi-k2-0905-preview', {
      type: 'fail',
      error: new ApiCallError({ message: 'HTTP 503', url, statusCode: 503 }),
    });
    const result = await registry.generate('kimi-k2', { prompt: [{ role: 'user', content: 'Hi' }] });
    expect(result.answeredBy.spec).toBe('glm:glm-4.6');
    expect(events).toEqual([{ type: 'provider-fallback', fromProvider: 'kimi', toProvider: 'glm' }]);
  });
});
