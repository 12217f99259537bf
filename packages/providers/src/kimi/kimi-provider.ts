import {
  builtinModels,
  getDefaultHttpTransport,
  type FilesV1,
  type ModelInfo,
  type HttpTransport,
} from '@exai/core';
import { builtinConnections } from '../builtin-connections.js';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '../openai-compatible/index.js';
import { resolveRequestConfig } from '../openai-compatible/resolve-request-config.js';
import { createKimiFiles } from './kimi-files.js';
import { transformKimiRequestBody } from './transform-kimi-request-body.js';

/** Kimi model ids; any other id is passed through. */
export type KimiModelId =
  | 'kimi-k2'
  | 'kimi-k2-0905-preview'
  | 'kimi-k2-turbo-preview'
  | 'kimi-k2-thinking'
  | 'kimi-k2-thinking-turbo'
  | 'kimi-latest'
  | 'moonshot-v1-8k'
  | 'moonshot-v1-32k'
  | 'moonshot-v1-128k'
  | (string & {});

export interface KimiProviderSettings {
  /** Default: `KIMI_BASE_URL` (read at call time), else `https://api.moonshot.ai/v1`. */
  baseURL?: string;
  /** Default: `KIMI_API_KEY`, else `MOONSHOT_API_KEY` (read at call time). */
  apiKey?: string;
  /** Environment variables the key is read from, first wins. Default: `KIMI_API_KEY`, `MOONSHOT_API_KEY`. */
  apiKeyEnvironmentVariables?: readonly string[];
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** Default: the built-in catalogue's Kimi models. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The largest file `files().upload` sends. Default 100 MB, Kimi's limit. */
  maxFileBytes?: number;
  /** Rounds of the `$web_search` loop per call. Default 5. */
  webSearchMaxRounds?: number;
}

export interface KimiProvider extends OpenAICompatibleProvider<KimiModelId> {
  /** Kimi's file storage: upload, list, extracted content, delete. */
  files(): FilesV1;
}

const { defaultBaseURL: kimiDefaultBaseURL, baseURLEnvironmentVariable } = builtinConnections.kimi;

/** Creates a Kimi (Moonshot) provider. */
export function createKimi({
  baseURL,
  apiKey,
  apiKeyEnvironmentVariables = builtinConnections.kimi.apiKeyEnvironmentVariables,
  headers,
  queryParams,
  transport,
  models = builtinModels('kimi'),
  env,
  maxFileBytes,
  webSearchMaxRounds,
}: KimiProviderSettings = {}): KimiProvider {
  const connection = {
    name: 'kimi',
    baseURL: baseURL ?? kimiDefaultBaseURL,
    ...(baseURL === undefined ? { baseURLEnvironmentVariable } : {}),
    apiKey,
    apiKeyEnvironmentVariables,
    headers,
    env,
  };

  const provider = createOpenAICompatible<KimiModelId>({
    ...connection,
    queryParams,
    transport,
    models,
    transformRequestBody: transformKimiRequestBody,
    webSearch: {
      tool: { type: 'builtin_function', function: { name: '$web_search' } },
      echoToolName: '$web_search',
      maxRounds: webSearchMaxRounds,
    },
  });

  return Object.assign(provider, {
    files: () =>
      createKimiFiles({
        provider: 'kimi',
        resolveConnection: () => resolveRequestConfig({ ...connection, provider: 'kimi' }),
        getTransport: () => transport ?? getDefaultHttpTransport(),
        maxFileBytes,
      }),
  });
}

/** The default Kimi provider: keys and base URL from the environment. */
export const kimi: KimiProvider = createKimi();
