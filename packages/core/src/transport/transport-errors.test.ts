import { describe, expect, it } from 'vitest';
import { ApiCallError, InvalidArgumentError, NetworkError } from '../errors/index.js';
import { createHttpTransport } from './create-transport.js';
import {
  chatRequest,
  closedPort,
  readText,
  recordEvents,
  useTransportFixture,
} from './transport-test-helpers.js';

const token = 'tok-9f8e7d6c5b4a3210';
const echoedKey = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ123456';

describe('transport errors', () => {
  const fixture = useTransportFixture();
  const { create } = fixture;

  it('redacts secrets from the ApiCallError body and message, and says what to do about a 401', async () => {
    fixture.upstream.enqueue({
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${echoedKey}. You sent "Bearer ${token}".`,
          request: { headers: { authorization: `Bearer ${token}` }, api_key: 'plain-secret-value' },
          echo: token,
        },
      },
    });
    const request = chatRequest(fixture.upstream.url, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    const error = await create()
      .request(request)
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError).toMatchObject({ statusCode: 401, code: 'authentication_failed', isRetryable: false });
    for (const text of [apiError.message, apiError.responseBody ?? '']) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(echoedKey);
      expect(text).not.toContain('plain-secret-value');
    }
    expect(apiError.responseBody).toContain('[REDACTED]');
    expect(apiError.message).toMatch(/^fake returned HTTP 401: Incorrect API key provided: \[REDACTED\]/);
    expect(apiError.message).toMatch(/check the fake provider's API key/i);
    expect(fixture.upstream.requests).toHaveLength(1);
  });

  it('keeps the userinfo of the URL out of network errors', async () => {
    const port = await closedPort();
    const error = await create({ retry: { maxRetries: 0 } })
      .request(chatRequest(`http://alice:hunter2-password@127.0.0.1:${port}`))
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    const { message, url } = error as NetworkError;
    expect(message).toContain(`127.0.0.1:${port}/v1/chat/completions`);
    for (const text of [message, url ?? '']) {
      expect(text).not.toContain('hunter2-password');
      expect(text).not.toContain('alice');
    }
  });

  it('gives every response a safe URL and a redactor for its own credentials', async () => {
    // GLM keys look like `<id>.<secret>`: no pattern recognises them, only the request knows them.
    const glmKey = '4f1e2d3c4b5a69788796a5b4c3d2e1f0.AbCdEfGhIjKlMnOp';
    const queryKey = 'q9r8s7t6u5v4w3x2';
    const request = chatRequest(fixture.upstream.url, {
      url: `${fixture.upstream.url}/v1/chat/completions?api-version=1&api-key=${queryKey}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${glmKey}` },
    });
    const current = create();
    const echoed = `Invalid key ${glmKey} (query ${queryKey}); you sent "Bearer ${glmKey}"`;
    const buffered = await current.request(request);
    const streamed = await current.stream(request);
    await readText(streamed.body);
    for (const response of [buffered, streamed]) {
      expect(response.url).toBe(
        `${fixture.upstream.url}/v1/chat/completions?api-version=1&api-key=[REDACTED]`,
      );
      const redacted = response.redact?.(echoed) ?? '';
      expect(redacted).not.toContain(glmKey);
      expect(redacted).not.toContain(queryKey);
      expect(redacted).toContain('Invalid key [REDACTED]');
    }
    expect(fixture.upstream.requests[0]?.query).toMatchObject({ 'api-key': queryKey });
  });

  it('puts the upstream error message and a hint in the ApiCallError', async () => {
    fixture.upstream.enqueue({ status: 503, times: 3, body: { message: 'model overloaded' } });
    const error = await create({ retry: { maxRetries: 0 } })
      .request(chatRequest(fixture.upstream.url))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/fake returned HTTP 503: model overloaded .*try again later/);
    expect(error).toMatchObject({
      responseHeaders: expect.objectContaining({ 'content-type': expect.any(String) }),
    });
  });

  it('rejects an invalid URL with InvalidArgumentError', async () => {
    const error = await create()
      .request({ url: 'not a url', target: { provider: 'fake' } })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });

  it('reports request-end once per call, with its status or error', async () => {
    const { events, onEvent } = recordEvents();
    const current = create({ onEvent, retry: { maxRetries: 0 } });
    fixture.upstream.enqueue({ status: 400 });
    await current.request(chatRequest(fixture.upstream.url)).catch(() => undefined);
    await current.request(chatRequest(fixture.upstream.url));
    const ends = events.filter((event) => event.type === 'request-end');
    expect(ends).toMatchObject([{ status: 400, error: expect.any(ApiCallError) }, { status: 200 }]);
    expect(ends[1]).not.toHaveProperty('error', expect.anything());
  });

  it('keeps working when an event observer throws', async () => {
    const current = create({
      onEvent: () => {
        throw new Error('observer bug');
      },
    });
    expect(await current.request(chatRequest(fixture.upstream.url))).toMatchObject({ status: 200 });
  });

  it('sends a global FormData body as multipart', async () => {
    const form = new FormData();
    form.append('purpose', 'file-extract');
    form.append('file', new Blob(['hello file']), 'notes.txt');
    const response = await create().request({
      url: `${fixture.upstream.url}/v1/files`,
      method: 'POST',
      body: form,
      target: { provider: 'fake' },
    });
    expect(response.status).toBe(200);
    const [recorded] = fixture.upstream.requests;
    expect(recorded?.multipart?.fields).toMatchObject({ purpose: 'file-extract' });
    expect(recorded?.multipart?.files[0]).toMatchObject({ filename: 'notes.txt' });
    expect(recorded?.multipart?.files[0]?.data.toString()).toBe('hello file');
  });

  it('leaves an injected dispatcher open on close()', async () => {
    const { Agent } = await import('undici');
    const dispatcher = new Agent();
    const current = createHttpTransport({ dispatcher });
    await current.request(chatRequest(fixture.upstream.url));
    await current.close();
    const again = createHttpTransport({ dispatcher });
    expect(await again.request(chatRequest(fixture.upstream.url))).toMatchObject({ status: 200 });
    await again.close();
    await dispatcher.close();
  });
});
