import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream-types.js';
import { postJson } from './test-http-client.js';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await createFakeUpstream();
});
afterEach(() => upstream.close());

const search = (body: unknown) => postJson(`${upstream.url}/api/paas/v4/web_search`, body);

describe('GLM web search', () => {
  it('returns three deterministic results mentioning the query by default', async () => {
    const response = await search({ search_engine: 'search_std', search_query: 'rust async' });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text) as { search_result: Array<Record<string, string>> };
    expect(body).toMatchObject({
      id: expect.any(String),
      created: expect.any(Number),
      request_id: expect.any(String),
    });
    expect(body.search_result).toHaveLength(3);
    for (const result of body.search_result) {
      expect(Object.keys(result).sort()).toEqual([
        'content',
        'icon',
        'link',
        'media',
        'publish_date',
        'refer',
        'title',
      ]);
      expect(result.title).toContain('rust async');
      expect(result.content).toContain('rust async');
    }
    const again = JSON.parse(
      (await search({ search_engine: 'search_std', search_query: 'rust async' })).text,
    ) as typeof body;
    expect(again.search_result).toEqual(body.search_result);
  });

  it('honours count', async () => {
    const body = JSON.parse(
      (await search({ search_engine: 'search_pro', search_query: 'q', count: 5 })).text,
    ) as {
      search_result: unknown[];
    };
    expect(body.search_result).toHaveLength(5);
  });

  it('rejects a request without search_query with a 400', async () => {
    const response = await search({ search_engine: 'search_std' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      error: { message: expect.stringContaining('search_query'), type: 'invalid_request_error' },
    });
  });
});
