import type { RecordedRequest } from './fake-upstream-types.js';
import { errorResponse, jsonResponse, type OutgoingResponse } from './outgoing-response.js';

let searchCount = 0;

/** Deterministic fake results that mention the query, numbered from 1. */
export function fakeSearchResults(query: string, count: number): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, offset) => {
    const number = offset + 1;
    return {
      title: `Fake result ${number} for ${query}`,
      content: `This is fake search result ${number} about "${query}", served by the fake upstream.`,
      link: `https://example.com/fake-search/${number}?q=${encodeURIComponent(query)}`,
      media: 'Fake Media',
      icon: 'https://example.com/favicon.ico',
      refer: `ref_${number}`,
      publish_date: `2025-01-${String(number).padStart(2, '0')}`,
    };
  });
}

/** GLM's `POST …/web_search`: `{ search_engine, search_query, count? }` (count defaults to 3, max 50). */
export function respondToWebSearch(request: RecordedRequest): OutgoingResponse {
  const { body } = request;
  const { search_query: query, count } = (typeof body === 'object' && body !== null ? body : {}) as {
    search_query?: unknown;
    count?: unknown;
  };
  if (typeof query !== 'string' || query.trim() === '') {
    return errorResponse(400, 'fake upstream: search_query is required');
  }
  const resultCount = typeof count === 'number' && count >= 1 ? Math.min(50, Math.floor(count)) : 3;
  searchCount += 1;
  const id = `websearch-fake-${searchCount}`;
  return jsonResponse(200, {
    id,
    created: Math.floor(Date.now() / 1000),
    request_id: id,
    search_result: fakeSearchResults(query, resultCount),
  });
}
