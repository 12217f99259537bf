import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/index.js';
import type { HttpTransport } from './transport.js';
import { chatRequest, recordEvents, sleep, useTransportFixture } from './transport-test-helpers.js';

const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 150 };
const target = { provider: 'fake', model: 'fake-model' };

describe('transport circuit breaker', () => {
  const fixture = useTransportFixture({ breaker, retry: { maxRetries: 0 } });
  const { create } = fixture;

  const attempt = (current: HttpTransport, model = 'fake-model') =>
    current
      .request(chatRequest(fixture.upstream.url, { target: { provider: 'fake', model } }))
      .catch((caught: unknown) => caught);

  it('opens after the threshold, fails fast, half-opens after resetTimeout and closes on a good probe', async () => {
    const { events, onEvent } = recordEvents();
    const current = create({ onEvent });
    expect(current.circuitState(target)).toBe('closed');
    fixture.upstream.enqueue({ status: 503, times: 2 });
    await attempt(current);
    expect(current.circuitState(target)).toBe('closed');
    await attempt(current);
    expect(current.circuitState(target)).toBe('open');

    const error = await attempt(current);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ target: 'fake:fake-model', isRetryable: false, code: 'circuit_open' });
    expect((error as CircuitOpenError).retryAfterInMs).toBeGreaterThan(0);
    expect((error as CircuitOpenError).retryAfterInMs).toBeLessThanOrEqual(150);
    expect(fixture.upstream.requests).toHaveLength(2);

    await sleep(250);
    expect(current.circuitState(target)).toBe('half-open');
    const probe = await attempt(current);
    expect(probe).toMatchObject({ status: 200 });
    expect(current.circuitState(target)).toBe('closed');
    expect(fixture.upstream.requests).toHaveLength(3);

    const states = events.flatMap((event) => (event.type === 'circuit-state' ? [event.state] : []));
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(current.status().circuits).toEqual([
      expect.objectContaining({ key: 'fake:fake-model', state: 'closed' }),
    ]);
  });

  it('opens again when the half-open probe fails', async () => {
    const current = create();
    fixture.upstream.enqueue({ status: 500, times: 3 });
    await attempt(current);
    await attempt(current);
    await sleep(250);
    expect(current.circuitState(target)).toBe('half-open');
    expect(await attempt(current)).toMatchObject({ name: 'ApiCallError', statusCode: 500 });
    expect(current.circuitState(target)).toBe('open');
  });

  it('is not tripped by 4xx client errors', async () => {
    const current = create();
    fixture.upstream.enqueue({ status: 400, times: 6 });
    for (let i = 0; i < 6; i++) expect(await attempt(current)).toMatchObject({ statusCode: 400 });
    expect(current.circuitState(target)).toBe('closed');
    expect(current.status().circuits[0]).toMatchObject({ failures: 0 });
  });

  it('keeps one circuit per provider and model', async () => {
    const current = create();
    fixture.upstream.enqueue({ status: 503, times: 2 });
    await attempt(current, 'model-a');
    await attempt(current, 'model-a');
    expect(current.circuitState({ provider: 'fake', model: 'model-a' })).toBe('open');
    expect(current.circuitState({ provider: 'fake', model: 'model-b' })).toBe('closed');
    expect(await attempt(current, 'model-b')).toMatchObject({ status: 200 });
  });

  it('stops retrying when the circuit opens between attempts, without sending more', async () => {
    fixture.upstream.enqueue({ status: 503, times: 10 });
    const error = await create({ retry: { maxRetries: 5 } })
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect((error as CircuitOpenError).cause).toMatchObject({ statusCode: 503 });
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('does not count aborted calls as failures', async () => {
    const current = create();
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 2_000, times: 3 });
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const pending = current
        .request(chatRequest(fixture.upstream.url, { abortSignal: controller.signal }))
        .catch((caught: unknown) => caught);
      await fixture.upstream.waitForRequests(i + 1);
      controller.abort();
      expect(await pending).toMatchObject({ name: 'AbortedError' });
    }
    expect(current.circuitState(target)).toBe('closed');
    expect(current.status().circuits[0]).toMatchObject({ failures: 0 });
  });
});
