import { describe, expect, it } from 'vitest';
import { AbortedError, ApiCallError, NetworkError } from '../errors/index.js';
import {
  chatRequest,
  closedPort,
  recordEvents,
  sleep,
  useTransportFixture,
} from './transport-test-helpers.js';

describe('transport retries', () => {
  const fixture = useTransportFixture();
  const { create } = fixture;

  it('retries after a 503 and returns the later success', async () => {
    const { events, onEvent } = recordEvents();
    fixture.upstream.enqueue({ status: 503 });
    const response = await create({ onEvent }).request(chatRequest(fixture.upstream.url));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text())).toMatchObject({ object: 'chat.completion' });
    expect(fixture.upstream.requests).toHaveLength(2);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 2, target: { provider: 'fake', model: 'fake-model' } });
    expect(ApiCallError.isInstance(retries[0]?.type === 'retry' && retries[0].error)).toBe(true);
  });

  it('retries after the connection is reset before the headers', async () => {
    fixture.upstream.enqueue({ fault: 'reset' });
    const response = await create().request(chatRequest(fixture.upstream.url));
    expect(response.status).toBe(200);
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('retries a request() whose body is cut off mid-way (it is read inside the attempt)', async () => {
    fixture.upstream.enqueue({ fault: 'reset-mid-body' });
    const response = await create().request(chatRequest(fixture.upstream.url));
    expect(JSON.parse(response.text())).toMatchObject({ object: 'chat.completion' });
    expect(fixture.upstream.requests).toHaveLength(2);
  });

  it('waits as long as retry-after-ms asks before retrying a 429', async () => {
    const { events, onEvent } = recordEvents();
    fixture.upstream.enqueue({ status: 429, retryAfterMs: 150 });
    await create({ onEvent }).request(chatRequest(fixture.upstream.url));
    const [first, second] = fixture.upstream.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(145);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({ delayInMs: 150 });
  });

  it('waits as long as Retry-After (seconds) asks before retrying a 429', async () => {
    fixture.upstream.enqueue({ status: 429, retryAfter: 1 });
    await create().request(chatRequest(fixture.upstream.url));
    const [first, second] = fixture.upstream.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(995);
  });

  it('fails at once with the ApiCallError when Retry-After does not fit in the retry budget', async () => {
    fixture.upstream.enqueue({ status: 429, retryAfter: 60 });
    const startedAt = Date.now();
    const error = await create({ retry: { budgetInMs: 2_000 } })
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, retryAfterInMs: 60_000, code: 'rate_limited' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    fixture.upstream.enqueue({ status: 400 });
    const error = await create()
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ApiCallError', statusCode: 400, isRetryable: false });
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('stops after maxRetries and throws the last error', async () => {
    fixture.upstream.enqueue({ status: 503, times: 10 });
    const error = await create({ retry: { maxRetries: 2 } })
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ApiCallError', statusCode: 503, isRetryable: true });
    expect(fixture.upstream.requests).toHaveLength(3);
  });

  it('does not retry when the call says retry: false', async () => {
    fixture.upstream.enqueue({ status: 503 });
    const error = await create()
      .request(chatRequest(fixture.upstream.url, { retry: false }))
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('stops retrying once the retry budget is spent', async () => {
    fixture.upstream.enqueue({ status: 503, times: 10 });
    const error = await create({
      retry: { maxRetries: 10, baseDelayInMs: 80, maxDelayInMs: 80, budgetInMs: 100 },
    })
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(fixture.upstream.requests.length).toBeLessThan(10);
  });

  it('aborts the sleep before a retry when the caller aborts', async () => {
    fixture.upstream.enqueue({ status: 429, retryAfterMs: 2_000 });
    const controller = new AbortController();
    const pending = create()
      .request(chatRequest(fixture.upstream.url, { abortSignal: controller.signal }))
      .catch((caught: unknown) => caught);
    await fixture.upstream.waitForRequests(1);
    await sleep(20);
    controller.abort();
    const error = await pending;
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('retries a refused connection and then reports a NetworkError', async () => {
    const { events, onEvent } = recordEvents();
    const port = await closedPort();
    const error = await create({ onEvent, retry: { maxRetries: 1 } })
      .request(chatRequest(`http://127.0.0.1:${port}`))
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ systemCode: 'ECONNREFUSED', isRetryable: true });
    expect((error as Error).message).toMatch(/refused/);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(1);
  });
});
