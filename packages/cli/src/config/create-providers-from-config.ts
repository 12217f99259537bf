import { builtinModels, type ModelInfo, type ProviderV1, type HttpTransport } from '@exai/core';
import {
  builtinConnections,
  type BuiltinConnection,
  createGlm,
  createKimi,
  createOllama,
  createOpenAICompatible,
  createOpenAI,
  createOpenRouter,
} from '@exai/providers';
import { BUILTIN_PROVIDER_IDS, type BuiltinProviderId } from './builtin-provider-ids.js';
import type { BuiltinProviderConfig, ConfigModel, ExaiConfig } from './exai-config-schema.js';

/** How a configured provider connects, for `exai models` and `exai doctor`. No secret is included. */
export interface ProviderStatus {
  id: string;
  kind: 'builtin' | 'endpoint';
  baseURL: string;
  apiKey: 'set' | 'missing' | 'not-required';
  /** Where the key comes from: an environment variable name, or `config`. */
  apiKeySource: string | undefined;
  /** The variables read for the key, first wins. */
  apiKeyEnvironmentVariables: readonly string[];
}

export interface CreateProvidersFromConfigOptions {
  transport?: HttpTransport;
  env?: Record<string, string | undefined>;
}

function toModelInfo(provider: string, model: ConfigModel): ModelInfo {
  const { aliases, description, temperature, pricing, rank, ...rest } = model;
  return {
    provider,
    ...rest,
    ...(aliases && { aliases }),
    ...(description && { description }),
    ...(temperature && { temperature }),
    ...(pricing && { pricing }),
    ...(rank !== undefined && { rank }),
  };
}

/** The builtin catalogue with the configuration's models laid over it (same id replaces). */
function mergeModels(provider: string, configured: readonly ConfigModel[] | undefined): ModelInfo[] {
  const merged = new Map(builtinModels(provider).map((info) => [info.id, info]));
  for (const model of configured ?? []) merged.set(model.id, toModelInfo(provider, model));
  return [...merged.values()];
}

/** A URL as it may be shown to people: without a user name or password. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function statusOf(
  id: string,
  kind: ProviderStatus['kind'],
  connection: {
    baseURL: string;
    apiKey?: string;
    requiresApiKey: boolean;
    apiKeyEnvironmentVariables: readonly string[];
  },
  env: Record<string, string | undefined>,
): ProviderStatus {
  const fromEnv = connection.apiKeyEnvironmentVariables.find((name) => env[name]?.trim());
  return {
    id,
    kind,
    baseURL: withoutCredentials(connection.baseURL),
    apiKey: connection.apiKey || fromEnv ? 'set' : connection.requiresApiKey ? 'missing' : 'not-required',
    apiKeySource: connection.apiKey ? 'config' : fromEnv,
    apiKeyEnvironmentVariables: connection.apiKeyEnvironmentVariables,
  };
}

function createBuiltin(
  id: BuiltinProviderId,
  settings: Parameters<typeof createKimi>[0] & object,
): ProviderV1 {
  switch (id) {
    case 'kimi':
      return createKimi(settings);
    case 'glm':
      return createGlm(settings);
    case 'openai':
      return createOpenAI(settings);
    case 'openrouter':
      return createOpenRouter(settings);
    case 'ollama':
      return createOllama(settings);
  }
}

/**
 * Builds every enabled provider of a configuration: the five builtin ones (each can be tuned or
 * disabled under `providers`) and every named custom endpoint under `endpoints`.
 */
export function createProvidersFromConfig(
  config: ExaiConfig,
  { transport, env = process.env }: CreateProvidersFromConfigOptions = {},
): { providers: ProviderV1[]; statuses: ProviderStatus[] } {
  const providers: ProviderV1[] = [];
  const statuses: ProviderStatus[] = [];

  for (const id of BUILTIN_PROVIDER_IDS) {
    const settings: BuiltinProviderConfig | undefined = config.providers[id];
    if (settings?.enabled === false) continue;
    const defaults: BuiltinConnection = builtinConnections[id];
    const apiKeyEnvironmentVariables = settings?.apiKeyEnv
      ? [settings.apiKeyEnv]
      : defaults.apiKeyEnvironmentVariables;
    const baseURL =
      settings?.baseURL ??
      (defaults.baseURLEnvironmentVariable && env[defaults.baseURLEnvironmentVariable]?.trim()) ??
      defaults.defaultBaseURL;
    providers.push(
      createBuiltin(id, {
        ...(settings?.baseURL && { baseURL: settings.baseURL }),
        ...(settings?.apiKey && { apiKey: settings.apiKey }),
        ...(settings?.headers && { headers: settings.headers }),
        ...(transport && { transport }),
        apiKeyEnvironmentVariables,
        models: mergeModels(id, settings?.models),
        env,
      }),
    );
    statuses.push(
      statusOf(
        id,
        'builtin',
        {
          baseURL: baseURL || defaults.defaultBaseURL,
          ...(settings?.apiKey && { apiKey: settings.apiKey }),
          requiresApiKey: defaults.requiresApiKey,
          apiKeyEnvironmentVariables,
        },
        env,
      ),
    );
  }

  for (const [name, endpoint] of Object.entries(config.endpoints)) {
    if (!endpoint.enabled) continue;
    const apiKeyEnvironmentVariables = endpoint.apiKeyEnv ? [endpoint.apiKeyEnv] : [];
    providers.push(
      createOpenAICompatible({
        name,
        baseURL: endpoint.baseURL,
        ...(endpoint.apiKey && { apiKey: endpoint.apiKey }),
        apiKeyEnvironmentVariables,
        requiresApiKey: endpoint.requiresApiKey,
        ...(endpoint.headers && { headers: endpoint.headers }),
        ...(transport && { transport }),
        models: (endpoint.models ?? []).map((model) => toModelInfo(name, model)),
        env,
      }),
    );
    statuses.push(
      statusOf(
        name,
        'endpoint',
        {
          baseURL: endpoint.baseURL,
          ...(endpoint.apiKey && { apiKey: endpoint.apiKey }),
          requiresApiKey: endpoint.requiresApiKey,
          apiKeyEnvironmentVariables,
        },
        env,
      ),
    );
  }

  return { providers, statuses };
}
