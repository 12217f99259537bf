import {
  builtinModels,
  getDefaultHttpTransport,
  type ModelInfo,
  type HttpTransport,
  type WebSearchV1,
} from '@exai/core';
import { builtinConnections } from '../builtin-connections.js';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '../openai-compatible/index.js';
import { resolveRequestConfig } from '../openai-compatible/resolve-request-config.js';
import { createGlmWebSearch } from './glm-web-search.js';
import { transformGlmRequestBody } from './transform-glm-request-body.js';

/** GLM model ids; any other id is passed through. */
export type GlmModelId = 'glm-4.6' | 'glm-4.5' | 'glm-4.5-air' | 'glm-4.5-flash' | 'glm-4.5v' | (string & {});

export interface GlmProviderSettings {
  /** Default: `GLM_BASE_URL` (read at call time), else `https://api.z.ai/api/paas/v4`. */
  baseURL?: string;
  /** Default: `GLM_API_KEY`, else `ZHIPUAI_API_KEY` (read at call time). */
  apiKey?: string;
  /** Environment variables the key is read from, first wins. Default: `GLM_API_KEY`, `ZHIPUAI_API_KEY`. */
  apiKeyEnvironmentVariables?: readonly string[];
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** Default: the built-in catalogue's GLM models. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The engine `webSearch().search` uses. Default `search_std`. */
  searchEngine?: string;
}

export interface GlmProvider extends OpenAICompatibleProvider<GlmModelId> {
  /** GLM's standalone web search API. */
  webSearch(): WebSearchV1;
}

const { defaultBaseURL: glmDefaultBaseURL, baseURLEnvironmentVariable } = builtinConnections.glm;

/** Creates a GLM (Z.ai / Zhipu) provider. */
export function createGlm({
  baseURL,
  apiKey,
  apiKeyEnvironmentVariables = builtinConnections.glm.apiKeyEnvironmentVariables,
  headers,
  queryParams,
  transport,
  models = builtinModels('glm'),
  env,
  searchEngine,
}: GlmProviderSettings = {}): GlmProvider {
  const connection = {
    name: 'glm',
    baseURL: baseURL ?? glmDefaultBaseURL,
    ...(baseURL === undefined ? { baseURLEnvironmentVariable } : {}),
    apiKey,
    apiKeyEnvironmentVariables,
    headers,
    env,
  };

  const provider = createOpenAICompatible<GlmModelId>({
    ...connection,
    queryParams,
    transport,
    models,
    transformRequestBody: transformGlmRequestBody,
    webSearch: { tool: { type: 'web_search', web_search: { enable: true, search_result: true } } },
  });

  return Object.assign(provider, {
    webSearch: () =>
      createGlmWebSearch({
        provider: 'glm',
        resolveConnection: () => resolveRequestConfig({ ...connection, provider: 'glm' }),
        getTransport: () => transport ?? getDefaultHttpTransport(),
        searchEngine,
      }),
  });
}

/** The default GLM provider: keys and base URL from the environment. */
export const glm: GlmProvider = createGlm();
