import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream-types.js';
import { parseSse, parseSseJson, postJson, sendRequest } from './test-http-client.js';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await createFakeUpstream();
});
afterEach(() => upstream.close());

const request = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
const chat = (stream = false) => postJson(`${upstream.url}/v1/chat/completions`, { ...request, stream });
const text = 'Alpha beta gamma delta epsilon zeta eta theta';

function contentOf(chunks: Array<Record<string, unknown>>): string {
  return chunks
    .map(
      (chunk) =>
        (chunk.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]?.delta?.content ?? '',
    )
    .join('');
}

describe('statuses and headers', () => {
  it('sends an OpenAI-style error body with Retry-After and retry-after-ms', async () => {
    upstream.enqueue({ status: 429, retryAfter: 2, retryAfterMs: 1500, headers: { 'X-Extra': 'yes' } });
    const response = await chat();
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.headers['retry-after-ms']).toBe('1500');
    expect(response.headers['x-extra']).toBe('yes');
    expect(JSON.parse(response.text)).toEqual({
      error: { message: 'fake upstream: status 429', type: 'rate_limit_error' },
    });
  });

  it('sends a scripted body verbatim: objects as JSON, strings as they are', async () => {
    upstream.enqueue(
      { status: 503, body: { custom: true } },
      { body: 'data: {"raw":1}\n\ndata: [DONE]\n\n' },
    );
    const custom = await chat();
    expect(custom.status).toBe(503);
    expect(JSON.parse(custom.text)).toEqual({ custom: true });
    const raw = await chat(true);
    expect(raw.headers['content-type']).toBe('text/event-stream');
    expect(parseSse(raw.text).data).toEqual(['{"raw":1}', '[DONE]']);
  });

  it('applies scripts to other endpoints, e.g. a 503 for file uploads', async () => {
    upstream.enqueue({ match: { path: '/files', method: 'POST' }, status: 503 });
    const upload = await sendRequest(`${upstream.url}/v1/files`, { method: 'POST', body: 'x' });
    expect(upload.status).toBe(503);
    expect(JSON.parse(upload.text)).toMatchObject({ error: { type: 'server_error' } });
  });
});

describe('faults', () => {
  it('reset: drops the connection before any headers', async () => {
    upstream.enqueue({ fault: 'reset' });
    const response = await chat();
    expect(response.status).toBe(0);
    expect(response.error).toBeDefined();
    expect((await chat()).status).toBe(200);
  });

  it('reset-mid-body: sends headers and part of a JSON body, then drops the connection', async () => {
    upstream.enqueue({ fault: 'reset-mid-body' });
    const response = await chat();
    expect(response.status).toBe(200);
    expect(response.error).toBeDefined();
    expect(response.body.length).toBeGreaterThan(0);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(response.body.length);
  });

  it('reset-mid-body: streams some events, then drops the connection', async () => {
    upstream.enqueue({ fault: 'reset-mid-body', reply: { text } });
    const response = await chat(true);
    expect(response.error).toBeDefined();
    const chunks = parseSseJson(response.text);
    expect(chunks.length).toBeGreaterThan(0);
    expect(response.text).not.toContain('[DONE]');
  });

  it('malformed-json: a 200 JSON response whose body does not parse', async () => {
    upstream.enqueue({ fault: 'malformed-json' });
    const response = await chat();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(() => JSON.parse(response.text) as unknown).toThrow();
  });

  it('malformed-json: exactly one broken data line in an otherwise complete stream', async () => {
    upstream.enqueue({ fault: 'malformed-json', reply: { text } });
    const { data } = parseSse((await chat(true)).text);
    const broken = data.slice(0, -1).filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('truncate-stream: ends cleanly without the finish chunk and without [DONE]', async () => {
    upstream.enqueue({ fault: 'truncate-stream', reply: { text } });
    const response = await chat(true);
    expect(response.error).toBeUndefined();
    const chunks = parseSseJson(response.text);
    expect(chunks.length).toBeGreaterThan(0);
    expect(response.text).not.toContain('[DONE]');
    expect(
      chunks.some((chunk) => (chunk.choices as Array<{ finish_reason: unknown }>)[0]?.finish_reason),
    ).toBe(false);
    expect(text.startsWith(contentOf(chunks))).toBe(true);
  });

  it('error-mid-stream: some chunks, then an error event, then the end', async () => {
    upstream.enqueue({ fault: 'error-mid-stream', reply: { text } });
    const response = await chat(true);
    expect(response.error).toBeUndefined();
    const chunks = parseSseJson(response.text);
    expect(chunks.at(-1)).toEqual({ error: { message: expect.any(String), type: 'server_error' } });
    expect(chunks.length).toBeGreaterThan(1);
    expect(response.text).not.toContain('[DONE]');
  });
});

describe('timing and splitting', () => {
  it('delayBeforeHeadersMs holds the response back', async () => {
    upstream.enqueue({ delayBeforeHeadersMs: 150 });
    const startedAt = Date.now();
    const response = await chat();
    expect(response.status).toBe(200);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
  });

  it('chunkDelayMs spaces the stream events out', async () => {
    upstream.enqueue({ chunkDelayMs: 25, reply: { text, chunks: 4 } });
    const startedAt = Date.now();
    const response = await chat(true);
    const events = parseSse(response.text).data.length;
    expect(events).toBeGreaterThanOrEqual(6);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual((events - 1) * 25 * 0.5);
  });

  it('splitChunks still yields valid events when reassembled', async () => {
    const tricky = 'Grüße aus Köln — 你好, 世界 😀 done';
    upstream.enqueue({ splitChunks: true, reply: { text: tricky, reasoning: 'Überlegung…' } });
    const response = await chat(true);
    const { data, comments } = parseSse(response.text);
    expect(comments).toBeGreaterThan(0);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = parseSseJson(response.text);
    expect(contentOf(chunks)).toBe(tricky);
  });
});
