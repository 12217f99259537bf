import { builtinModels, type ModelInfo, type HttpTransport } from '@exai/core';
import { builtinConnections } from '../builtin-connections.js';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '../openai-compatible/index.js';
import { transformOpenAIRequestBody } from './transform-openai-request-body.js';

/** OpenAI model ids; any other id is passed through. */
export type OpenAIModelId = 'gpt-5' | 'gpt-5-mini' | 'gpt-4.1' | 'gpt-4o' | 'o3' | 'o4-mini' | (string & {});

export interface OpenAIProviderSettings {
  /** Default: `OPENAI_BASE_URL` (read at call time), else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Default: `OPENAI_API_KEY` (read at call time). */
  apiKey?: string;
  /** Environment variables the key is read from, first wins. Default: `OPENAI_API_KEY`. */
  apiKeyEnvironmentVariables?: readonly string[];
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** Default: the built-in catalogue's OpenAI models. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export type OpenAIProvider = OpenAICompatibleProvider<OpenAIModelId>;

/** Creates an OpenAI provider (chat completions). */
export function createOpenAI({
  baseURL,
  apiKey,
  apiKeyEnvironmentVariables = builtinConnections.openai.apiKeyEnvironmentVariables,
  organization,
  project,
  headers,
  queryParams,
  transport,
  models = builtinModels('openai'),
  env,
}: OpenAIProviderSettings = {}): OpenAIProvider {
  return createOpenAICompatible<OpenAIModelId>({
    name: 'openai',
    baseURL: baseURL ?? builtinConnections.openai.defaultBaseURL,
    ...(baseURL === undefined
      ? { baseURLEnvironmentVariable: builtinConnections.openai.baseURLEnvironmentVariable }
      : {}),
    apiKey,
    apiKeyEnvironmentVariables,
    headers: {
      ...(organization === undefined ? {} : { 'openai-organization': organization }),
      ...(project === undefined ? {} : { 'openai-project': project }),
      ...headers,
    },
    queryParams,
    transport,
    models,
    env,
    transformRequestBody: transformOpenAIRequestBody,
  });
}

/** The default OpenAI provider: key and base URL from the environment. */
export const openai: OpenAIProvider = createOpenAI();
