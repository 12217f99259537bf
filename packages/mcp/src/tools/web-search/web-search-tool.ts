import { z } from 'zod';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { isStoreOutage } from '../../model-turn/turn-not-saved.js';
import { everydayModel } from '../../model-turn/registry-providers.js';
import { defineTool } from '../define-tool.js';
import { cutOffField, cutOffFields } from '../cut-off-field.js';
import { continuationFields, continuationFooter, runModelTurn } from '../../model-turn/run-model-turn.js';
import type { ToolResult } from '../define-tool.js';
import type { ToolContext } from '../tool-context.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { parseSearchAnswer, type SearchResult } from './parse-search-answer.js';
import { pickSearchProvider, type SearchRoute } from './pick-search-provider.js';
import { KIMI_SEARCH_SYSTEM_PROMPT, kimiSearchPrompt, WEB_SEARCH_DESCRIPTION } from './web-search-prompts.js';

const webSearchOutputSchema = z.object({
  provider: z.string(),
  results: z.array(z.object({ title: z.string(), url: z.string(), snippet: z.string() })),
  answer: z.string().optional(),
  continuation_id: z.string().optional(),
  not_saved: z.string().optional(),
  cut_off_at_tokens: cutOffField,
  remaining_exchanges: z.number().int().optional(),
});

type WebSearchOutput = z.output<typeof webSearchOutputSchema>;

/** `web_search`: results from GLM's search API, or an answer from a Kimi model that searched. */
export const webSearchTool = defineTool({
  name: 'web_search',
  title: 'Search the web',
  description: WEB_SEARCH_DESCRIPTION,
  inputSchema: z.object({
    query: z.string().min(1).describe('What to search for.'),
    max_results: z.number().int().min(1).max(20).default(5),
    provider: z.enum(['glm', 'kimi', 'auto']).default('auto'),
  }),
  outputSchema: webSearchOutputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Cached when the cache is on (docs/caching.md); a search that found nothing is not kept.
  responseCache: {
    chatLike: false,
    prompts: [KIMI_SEARCH_SYSTEM_PROMPT, kimiSearchPrompt('', 0)],
    files: () => [],
    models: ({ provider }, context) => [searchRouteName(pickSearchProvider(context.runtime, provider))],
    keep: ({ structuredContent }) =>
      Array.isArray(structuredContent?.results) && structuredContent.results.length > 0,
  },
  async execute({ query, max_results: maxResults, provider }, context) {
    const route = pickSearchProvider(context.runtime, provider);
    return route.kind === 'search-api'
      ? searchWithApi(route, query, maxResults, context)
      : searchWithModel(route, query, maxResults, context);
  },
});

/** Where a search runs, for the response-cache key: a search API, or the model that searches. */
function searchRouteName(route: SearchRoute): string {
  const providerId = route.provider.provider.providerId;
  if (route.kind === 'search-api') return `${providerId}:search-api`;
  const model = everydayModel(route.provider.models.filter((info) => info.capabilities.webSearch));
  return `${providerId}:${model?.id ?? ''}`;
}

async function searchWithApi(
  route: SearchRoute,
  query: string,
  maxResults: number,
  context: ToolContext,
): Promise<{ text: string; structuredContent: WebSearchOutput }> {
  const { runtime, tenantId, signal } = context;
  const providerId = route.provider.provider.providerId;
  const search = route.provider.provider.webSearch?.();
  if (search === undefined) throw new Error(`${providerId} has no search API`);
  void context.reportProgress({ progress: 0, message: `searching with ${providerId}` });
  const found = await search.search({ query, maxResults, abortSignal: signal });
  const results: SearchResult[] = found
    .slice(0, maxResults)
    .map(({ title, url, snippet }) => ({ title, url, snippet }));
  try {
    await ensureTenant(runtime.store, tenantId);
    await runtime.store.appendAudit({
      tenantId,
      actor: 'mcp',
      action: 'tool.web_search',
      detail: { provider: providerId, results: results.length },
    });
  } catch (error) {
    // The results are the answer and are already here: a store that is out for a while costs the
    // audit event (logged), not the search (as a turn's commit, decision 0043).
    if (!isStoreOutage(error, signal)) throw error;
    const request = context.correlationId === undefined ? '' : ` (request ${context.correlationId})`;
    context.log(
      `exai: warning: web_search: returned the results of ${providerId} without storing their audit event: ` +
        `${error.code}: ${error.message}${request}`,
    );
  }
  const lines = results.map(
    (result, index) => `${index + 1}. ${result.title}\n   ${result.url}\n   ${result.snippet}`,
  );
  const header = `${results.length} result(s) for "${query}" from ${providerId}:`;
  return {
    text:
      results.length === 0 ? `No results for "${query}" from ${providerId}.` : [header, ...lines].join('\n'),
    structuredContent: { provider: providerId, results },
  };
}

async function searchWithModel(
  route: SearchRoute,
  query: string,
  maxResults: number,
  context: ToolContext,
): Promise<ToolResult<WebSearchOutput>> {
  const searching = route.provider.models.filter((info) => info.capabilities.webSearch);
  const model = everydayModel(searching);
  const providerId = route.provider.provider.providerId;
  const result = await runModelTurn(context, {
    toolName: 'web_search',
    prompt: kimiSearchPrompt(query, maxResults),
    system: KIMI_SEARCH_SYSTEM_PROMPT,
    model: model === undefined ? `${providerId}:` : `${providerId}:${model.id}`,
    webSearch: true,
    title: `Web search: ${query}`,
  });
  const { results, answer } = parseSearchAnswer(result.text, maxResults);
  return withRemainingExchanges(
    context,
    result.threadId,
    {
      text: `${result.text}\n\n${continuationFooter(result, 'chat')}`,
      structuredContent: {
        provider: providerId,
        results,
        ...(answer !== '' && { answer }),
        ...continuationFields(result),
        ...cutOffFields(result),
      },
      ...(result.notSaved !== undefined && { notSaved: true }),
    },
    result.turnCount,
  );
}
