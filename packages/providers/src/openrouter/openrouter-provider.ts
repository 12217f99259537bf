import { builtinModels, type ModelInfo, type HttpTransport } from '@exai/core';
import { builtinConnections } from '../builtin-connections.js';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '../openai-compatible/index.js';

/** OpenRouter model ids are `vendor/model`, e.g. `moonshotai/kimi-k2`. */
export type OpenRouterModelId = string;

export interface OpenRouterProviderSettings {
  /** Default: `OPENROUTER_BASE_URL` (read at call time), else `https://openrouter.ai/api/v1`. */
  baseURL?: string;
  /** Default: `OPENROUTER_API_KEY` (read at call time). */
  apiKey?: string;
  /** Environment variables the key is read from, first wins. Default: `OPENROUTER_API_KEY`. */
  apiKeyEnvironmentVariables?: readonly string[];
  /** Your app's name, sent as `X-Title` for OpenRouter's rankings. */
  appName?: string;
  /** Your app's URL, sent as `HTTP-Referer`. */
  appUrl?: string;
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** Default: the built-in catalogue's OpenRouter models. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export type OpenRouterProvider = OpenAICompatibleProvider<OpenRouterModelId>;

/** Creates an OpenRouter provider. */
export function createOpenRouter({
  baseURL,
  apiKey,
  apiKeyEnvironmentVariables = builtinConnections.openrouter.apiKeyEnvironmentVariables,
  appName,
  appUrl,
  headers,
  queryParams,
  transport,
  models = builtinModels('openrouter'),
  env,
}: OpenRouterProviderSettings = {}): OpenRouterProvider {
  return createOpenAICompatible<OpenRouterModelId>({
    name: 'openrouter',
    baseURL: baseURL ?? builtinConnections.openrouter.defaultBaseURL,
    ...(baseURL === undefined
      ? { baseURLEnvironmentVariable: builtinConnections.openrouter.baseURLEnvironmentVariable }
      : {}),
    apiKey,
    apiKeyEnvironmentVariables,
    headers: {
      ...(appName === undefined ? {} : { 'x-title': appName }),
      ...(appUrl === undefined ? {} : { 'http-referer': appUrl }),
      ...headers,
    },
    queryParams,
    transport,
    models,
    env,
  });
}

/** The default OpenRouter provider: key from the environment. */
export const openrouter: OpenRouterProvider = createOpenRouter();
