import { describe, expect, it } from 'vitest';
import { AbortedError, NetworkError, StreamError, TimeoutError } from '../errors/index.js';
import type { HttpTransport, HttpTransportSettings } from './transport.js';
import { chatRequest, readText, sleep, useTransportFixture } from './transport-test-helpers.js';

const target = { provider: 'fake', model: 'fake-model' };

describe('circuit breaker: failures after the headers, and interrupted probes', () => {
  const fixture = useTransportFixture({ retry: { maxRetries: 0 } });
  const create = (breaker: HttpTransportSettings['breaker']): HttpTransport => fixture.create({ breaker });

  const failures = (current: HttpTransport): number | undefined => current.status().circuits[0]?.failures;

  it('counts streams that break off mid-body as failures, and opens the circuit', async () => {
    const current = create({ volumeThreshold: 3, errorThresholdPercentage: 50 });
    fixture.upstream.enqueue({ fault: 'reset-mid-body', reply: { chunks: 6 }, times: 3 });
    for (let i = 0; i < 3; i++) {
      const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
      const error = await readText(response.body).catch((caught: unknown) => caught);
      expect(NetworkError.isInstance(error)).toBe(true);
    }
    expect(failures(current)).toBe(3);
    expect(current.circuitState(target)).toBe('open');
    expect(fixture.upstream.requests).toHaveLength(3); // never retried
  });

  it('counts a failure the provider reports once per call, and ignores aborts', async () => {
    const current = create({ volumeThreshold: 4, errorThresholdPercentage: 50 });
    const truncated = new StreamError({ reason: 'truncated', message: 'The stream ended early.' });

    const aborted = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    await readText(aborted.body);
    aborted.reportFailure?.(new AbortedError());
    expect(failures(current)).toBe(0);

    for (let i = 0; i < 2; i++) {
      const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
      await readText(response.body);
      response.reportFailure?.(truncated);
      response.reportFailure?.(truncated);
    }
    expect(failures(current)).toBe(2);
    expect(current.circuitState(target)).toBe('closed'); // 2 of 3 attempts failed, below the volume…
    const third = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    await readText(third.body);
    expect(current.circuitState(target)).toBe('closed');
    third.reportFailure?.(truncated);
    expect(current.circuitState(target)).toBe('open'); // …3 of 4 failed, volume reached: open
  });

  async function openThenHalfOpen(current: HttpTransport): Promise<void> {
    fixture.upstream.enqueue({ status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      await current.request(chatRequest(fixture.upstream.url)).catch(() => undefined);
    }
    expect(current.circuitState(target)).toBe('open');
    await sleep(250);
    expect(current.circuitState(target)).toBe('half-open');
  }

  it('does not close the circuit when the half-open probe is aborted', async () => {
    const current = create({ volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 150 });
    await openThenHalfOpen(current);
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 5_000 });
    const controller = new AbortController();
    const probe = current
      .request(chatRequest(fixture.upstream.url, { abortSignal: controller.signal }))
      .catch((caught: unknown) => caught);
    await fixture.upstream.waitForRequests(3);
    controller.abort();
    expect(AbortedError.isInstance(await probe)).toBe(true);
    expect(current.circuitState(target)).toBe('open');

    await sleep(250);
    expect(await current.request(chatRequest(fixture.upstream.url))).toMatchObject({ status: 200 });
    expect(current.circuitState(target)).toBe('closed');
  });

  it('does not close the circuit when the half-open probe runs out of total time', async () => {
    const current = create({ volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 150 });
    await openThenHalfOpen(current);
    fixture.upstream.enqueue({ delayBeforeHeadersMs: 5_000 });
    const error = await current
      .request(chatRequest(fixture.upstream.url, { timeouts: { totalInMs: 200 } }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total' });
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(current.circuitState(target)).toBe('open');
  });

  it('re-opens the circuit when a streamed probe breaks off after its headers closed it', async () => {
    const current = create({ volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutInMs: 150 });
    await openThenHalfOpen(current);
    fixture.upstream.enqueue({ fault: 'reset-mid-body', reply: { chunks: 6 } });
    const response = await current.stream(chatRequest(fixture.upstream.url, { stream: true }));
    expect(current.circuitState(target)).toBe('closed');
    await readText(response.body).catch(() => undefined);
    expect(current.circuitState(target)).toBe('open');
  });
});
