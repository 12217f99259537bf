import type { ModelInfo, HttpTransport } from '@exai/core';
import { builtinConnections } from '../builtin-connections.js';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '../openai-compatible/index.js';

/** Ollama model ids are whatever the local server has pulled, e.g. `qwen3:8b`. */
export type OllamaModelId = string;

export interface OllamaProviderSettings {
  /** Default: `OLLAMA_BASE_URL` (read at call time), else `http://127.0.0.1:11434/v1`. */
  baseURL?: string;
  /** Not needed by a local server; sent as a bearer token when given (e.g. behind a proxy). */
  apiKey?: string;
  /** Environment variables a key is read from, first wins, when a proxy in front of Ollama needs one. Default: none. */
  apiKeyEnvironmentVariables?: readonly string[];
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Default: the shared `getDefaultHttpTransport()`. */
  transport?: HttpTransport;
  /** Models to list; there is no built-in catalogue, and any id is passed through. */
  models?: readonly ModelInfo[];
  /** Where environment variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export type OllamaProvider = OpenAICompatibleProvider<OllamaModelId>;

/** Creates a provider for a local Ollama server's OpenAI-compatible API. No key is needed. */
export function createOllama({
  baseURL,
  apiKey,
  apiKeyEnvironmentVariables = builtinConnections.ollama.apiKeyEnvironmentVariables,
  headers,
  queryParams,
  transport,
  models,
  env,
}: OllamaProviderSettings = {}): OllamaProvider {
  return createOpenAICompatible<OllamaModelId>({
    name: 'ollama',
    baseURL: baseURL ?? builtinConnections.ollama.defaultBaseURL,
    ...(baseURL === undefined
      ? { baseURLEnvironmentVariable: builtinConnections.ollama.baseURLEnvironmentVariable }
      : {}),
    apiKey,
    apiKeyEnvironmentVariables,
    requiresApiKey: false,
    headers,
    queryParams,
    transport,
    models,
    env,
  });
}

/** The default Ollama provider at `OLLAMA_BASE_URL` or `http://127.0.0.1:11434/v1`. */
export const ollama: OllamaProvider = createOllama();
