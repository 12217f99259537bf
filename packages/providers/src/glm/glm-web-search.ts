import {
  InvalidResponseError,
  type HttpTransport,
  type WebSearchV1,
  type WebSearchV1Result,
} from '@exai/core';
import {
  asString,
  isRecord,
  parseJsonResponse,
} from '../openai-compatible/map-openai-compatible-response.js';
import type { ResolvedRequestConfig } from '../openai-compatible/resolve-request-config.js';

export interface GlmWebSearchOptions {
  provider: string;
  /** Resolves the base URL and auth headers at call time. */
  resolveConnection: () => ResolvedRequestConfig;
  getTransport: () => HttpTransport;
  /** Default `search_std`. */
  searchEngine?: string;
}

/** GLM's web search API: `POST {baseURL}/web_search`. */
export function createGlmWebSearch({
  provider,
  resolveConnection,
  getTransport,
  searchEngine = 'search_std',
}: GlmWebSearchOptions): WebSearchV1 {
  return {
    specificationVersion: 'v1',

    async search({ query, maxResults, abortSignal }) {
      const { baseURL, headers } = resolveConnection();
      const response = await getTransport().request({
        url: `${baseURL}/web_search`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          search_engine: searchEngine,
          search_query: query,
          ...(maxResults === undefined ? {} : { count: maxResults }),
        }),
        target: { provider },
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const json = parseJsonResponse(response.text(), response.url);
      const results = isRecord(json) ? json.search_result : undefined;
      if (results === undefined || results === null) return [];
      if (!Array.isArray(results)) {
        throw new InvalidResponseError({
          message: `The web search response's search_result is not an array (${response.url}).`,
          url: response.url,
          excerpt: response.text().slice(0, 200),
        });
      }
      return results.filter(isRecord).map(mapSearchResult);
    },
  };
}

function mapSearchResult(result: Record<string, unknown>): WebSearchV1Result {
  const source = asString(result.media);
  const publishedAt = asString(result.publish_date);
  return {
    title: asString(result.title) ?? '',
    url: asString(result.link) ?? '',
    snippet: asString(result.content) ?? '',
    ...(source ? { source } : {}),
    ...(publishedAt ? { publishedAt } : {}),
  };
}
