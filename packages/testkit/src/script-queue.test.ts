import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from './fake-upstream-types.js';
import { createScriptQueue, scriptMatches } from './script-queue.js';

function requestTo(path: string, method = 'POST'): RecordedRequest {
  return {
    index: 0,
    method,
    path,
    query: {},
    headers: {},
    rawBody: '',
    body: undefined,
    receivedAt: 0,
    clientAborted: false,
  };
}

describe('scriptMatches', () => {
  it('matches string paths by suffix, regexes anywhere and methods case-insensitively', () => {
    const chat = requestTo('/api/paas/v4/chat/completions');
    expect(scriptMatches({}, chat)).toBe(true);
    expect(scriptMatches({ match: { path: '/chat/completions' } }, chat)).toBe(true);
    expect(scriptMatches({ match: { path: '/files' } }, chat)).toBe(false);
    expect(scriptMatches({ match: { path: /paas\/v\d/g } }, chat)).toBe(true);
    expect(scriptMatches({ match: { path: /paas\/v\d/g } }, chat)).toBe(true);
    expect(scriptMatches({ match: { method: 'post' } }, chat)).toBe(true);
    expect(scriptMatches({ match: { method: 'GET', path: '/chat/completions' } }, chat)).toBe(false);
  });
});

describe('createScriptQueue', () => {
  it('serves scripts first-in first-out, each for its `times`', () => {
    const queue = createScriptQueue();
    queue.enqueue([{ status: 500, times: 2 }, { status: 429 }]);
    const statuses = Array.from({ length: 4 }, () => queue.take(requestTo('/v1/chat/completions'))?.status);
    expect(statuses).toEqual([500, 500, 429, undefined]);
    expect(queue.isIdle).toBe(true);
  });

  it('gives a request the first script that matches it, leaving the others queued', () => {
    const queue = createScriptQueue();
    queue.enqueue([{ match: { path: '/files' }, status: 503 }, { status: 418 }]);
    expect(queue.take(requestTo('/v1/chat/completions'))?.status).toBe(418);
    expect(queue.take(requestTo('/v1/chat/completions'))).toBeUndefined();
    expect(queue.take(requestTo('/v1/files'))?.status).toBe(503);
  });

  it('asks the handler only when no queued script matches, and clears both', () => {
    const queue = createScriptQueue();
    const seen: string[] = [];
    queue.handle((request) => {
      seen.push(request.path);
      return request.path.endsWith('/models') ? { status: 401 } : undefined;
    });
    queue.enqueue([{ status: 500 }]);
    expect(queue.take(requestTo('/v1/models', 'GET'))?.status).toBe(500);
    expect(queue.take(requestTo('/v1/models', 'GET'))?.status).toBe(401);
    expect(queue.take(requestTo('/v1/files', 'GET'))).toBeUndefined();
    expect(seen).toEqual(['/v1/models', '/v1/files']);
    queue.clear();
    expect(queue.isIdle).toBe(true);
  });

  it('keeps an `Infinity` script forever and rejects counts below one', () => {
    const queue = createScriptQueue();
    queue.enqueue([{ status: 503, times: Infinity }]);
    for (let count = 0; count < 5; count += 1) expect(queue.take(requestTo('/x'))?.status).toBe(503);
    expect(() => queue.enqueue([{ times: 0 }])).toThrow(RangeError);
    expect(() => queue.enqueue([{ times: 1.5 }])).toThrow(RangeError);
  });
});
