import { Agent, request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream-types.js';
import { fakeModelIds } from './models-api.js';
import { postJson, sendRequest } from './test-http-client.js';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await createFakeUpstream();
});
afterEach(() => upstream.close());

const chatBody = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
const chat = (body: unknown = chatBody, headers: Record<string, string> = {}) =>
  postJson(`${upstream.url}/v1/chat/completions`, body, { headers });

describe('createFakeUpstream', () => {
  it('listens on 127.0.0.1 and gives a url without a trailing slash', () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('records every request in arrival order', async () => {
    await chat(chatBody, { Authorization: 'Bearer sk-test', 'X-Trace': 'a' });
    await sendRequest(`${upstream.url}/v1/models?limit=2&after=x`);
    const [first, second] = upstream.requests;
    expect(upstream.requests).toHaveLength(2);
    expect(first).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/v1/chat/completions',
      query: {},
      body: chatBody,
      rawBody: JSON.stringify(chatBody),
      clientAborted: false,
    });
    expect(first?.headers.authorization).toBe('Bearer sk-test');
    expect(first?.headers['x-trace']).toBe('a');
    expect(first?.receivedAt).toBeGreaterThan(0);
    expect(second).toMatchObject({
      index: 1,
      method: 'GET',
      path: '/v1/models',
      query: { limit: '2', after: 'x' },
    });
    expect(second?.body).toBeUndefined();
  });

  it('records nothing when `record` is false, and still answers', async () => {
    const quiet = await createFakeUpstream({ record: false });
    try {
      expect((await postJson(`${quiet.url}/v1/chat/completions`, chatBody)).status).toBe(200);
      expect(quiet.requests).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it('serves a matching script `times` times and lets other requests through', async () => {
    upstream.enqueue({ match: { path: '/models', method: 'GET' }, status: 503, times: 2 });
    const models = () => sendRequest(`${upstream.url}/v1/models`);
    expect((await chat()).status).toBe(200);
    expect([(await models()).status, (await models()).status, (await models()).status]).toEqual([
      503, 503, 200,
    ]);
  });

  it('handle() scripts requests dynamically when no queued script matches', async () => {
    upstream.enqueue({ status: 500 });
    upstream.handle((request) =>
      (request.body as { model?: string } | undefined)?.model === 'bad' ? { status: 404 } : undefined,
    );
    expect((await chat()).status).toBe(500);
    expect((await chat({ ...chatBody, model: 'bad' })).status).toBe(404);
    expect((await chat()).status).toBe(200);
  });

  it('answers 500 when the handler throws, and keeps serving', async () => {
    upstream.handle(() => {
      throw new Error('boom');
    });
    const response = await chat();
    expect(response.status).toBe(500);
    expect(response.text).toContain('boom');
  });

  it('reset() clears requests, scripts and the handler', async () => {
    upstream.enqueue({ status: 500 });
    upstream.handle(() => ({ status: 401 }));
    await sendRequest(`${upstream.url}/v1/models`);
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect((await chat()).status).toBe(200);
    expect(upstream.requests[0]?.index).toBe(0);
  });

  it('waitForRequests resolves once enough requests arrived, and rejects on timeout', async () => {
    const waiting = upstream.waitForRequests(2);
    void chat();
    void sendRequest(`${upstream.url}/v1/models`);
    const requests = await waiting;
    expect(requests.map((request) => request.path).sort()).toEqual(['/v1/chat/completions', '/v1/models']);
    await expect(upstream.waitForRequests(3, { timeoutInMs: 20 })).rejects.toThrow(/expected 3 request/);
  });

  it('lists a few models and answers unknown routes with a 404 error body', async () => {
    const models = JSON.parse((await sendRequest(`${upstream.url}/api/paas/v4/models`)).text) as {
      object: string;
      data: Array<{ id: string; object: string; owned_by: string }>;
    };
    expect(models.object).toBe('list');
    expect(models.data.map((model) => model.id)).toEqual([...fakeModelIds]);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'fake', created: expect.any(Number) });

    const missing = await sendRequest(`${upstream.url}/v1/nowhere`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('keeps connections alive across requests, even after a scripted fault', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `${upstream.url}/v1/models`;
      expect((await sendRequest(url, { agent })).reusedSocket).toBe(false);
      expect((await sendRequest(url, { agent })).reusedSocket).toBe(true);
      upstream.enqueue({ fault: 'reset-mid-body' });
      expect((await sendRequest(url, { agent })).error).toBeDefined();
      expect((await sendRequest(url, { agent })).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('client aborts and shutdown', () => {
  it('waitForClientAbort resolves when a client closes the connection mid-stream', async () => {
    upstream.enqueue({ chunkDelayMs: 40, reply: { text: 'a b c d e f g h', chunks: 8 } });
    const outgoing = httpRequest(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    outgoing.on('error', () => {});
    outgoing.on('response', (response) => response.once('data', () => outgoing.destroy()));
    outgoing.end(JSON.stringify({ ...chatBody, stream: true }));

    const aborted = await upstream.waitForClientAbort();
    expect(aborted.clientAborted).toBe(true);
    expect(aborted).toBe(upstream.requests[0]);
  });

  it('remembers an abort that happened before anyone waited', async () => {
    upstream.enqueue({ delayBeforeHeadersMs: 60_000 });
    const outgoing = httpRequest(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    outgoing.on('error', () => {});
    outgoing.end(JSON.stringify(chatBody));
    await upstream.waitForRequests(1);
    outgoing.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(upstream.waitForClientAbort({ timeoutInMs: 2000 })).resolves.toMatchObject({
      clientAborted: true,
    });
    await expect(upstream.waitForClientAbort({ timeoutInMs: 20 })).rejects.toThrow(/no client closed/);
  });

  it('close() does not hang on an open slow request and rejects pending waits', async () => {
    upstream.enqueue({ delayBeforeHeadersMs: 60_000 });
    const slow = chat();
    await upstream.waitForRequests(1);
    const waiting = upstream.waitForRequests(5, { timeoutInMs: 60_000 });
    await upstream.close();
    await expect(waiting).rejects.toThrow(/closed/);
    const response = await slow;
    expect(response.status).toBe(0);
    expect(response.error).toBeDefined();
    expect(upstream.requests[0]?.clientAborted).toBe(false);
  });
});
