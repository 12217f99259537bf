import { resolve } from 'node:path';
import {
  createProviderRegistry,
  createHttpTransport,
  type ProviderRegistry,
  type HttpTransport,
  type ProviderV1,
} from '@exai/core';
import { createProvidersFromConfig, type ProviderStatus } from '../config/create-providers-from-config.js';
import { defaultExaiConfig } from '../config/default-exai-config.js';
import { findExaiConfig } from '../config/find-exai-config.js';
import { transportSettingsFromConfig } from '../config/transport-settings-from-config.js';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import { missingKeysError } from './missing-keys-error.js';

export interface CliRuntimeOptions {
  configPath?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface CliRuntime {
  config: ExaiConfig;
  configSource: string | undefined;
  transport: HttpTransport;
  registry: ProviderRegistry;
  providers: readonly ProviderStatus[];
  /** Things the user should know before a call is made; printed on stderr. */
  warnings: readonly string[];
  /** A configured provider by id (`kimi`, an endpoint name), for work beyond model calls (file deletion). */
  findProvider(id: string): ProviderV1 | undefined;
  close(): Promise<void>;
}

/**
 * Config → transport → providers → registry: all the wiring the CLI does. The configuration's
 * schema (zod) is loaded only when there is a configuration to validate.
 */
export async function createCliRuntime({
  configPath,
  env = process.env,
  cwd,
}: CliRuntimeOptions = {}): Promise<CliRuntime> {
  const location = findExaiConfig({
    ...(configPath !== undefined && { path: configPath }),
    ...(cwd !== undefined && { cwd }),
    env,
  });
  const { config, source } =
    location === undefined
      ? { config: defaultExaiConfig(), source: undefined }
      : (await import('../config/load-exai-config.js')).readExaiConfig(location);
  const transport = createHttpTransport(transportSettingsFromConfig(config, env));
  const { providers, statuses } = createProvidersFromConfig(config, { transport, env });
  const missingKey = new Set(
    statuses.filter((status) => status.apiKey === 'missing').map((status) => status.id),
  );
  const registry = createProviderRegistry({
    providers,
    // `auto` only considers providers that can be called; named models still resolve (and say which key is missing).
    isProviderUsable: (provider) => !missingKey.has(provider.providerId),
    explainNoAutoModel: () => missingKeysError(statuses),
    fallbacks: config.fallbacks,
    ...(config.allow && { allow: config.allow }),
    ...(config.deny && { deny: config.deny }),
    ...(config.defaultModel && {
      defaultModel: config.defaultModel,
      defaultModelSource: `defaultModel in ${source ?? 'the configuration'}`,
    }),
  });
  const fromWorkingDirectory =
    configPath === undefined &&
    !env.EXAI_CONFIG?.trim() &&
    source === resolve(cwd ?? process.cwd(), 'exai.config.json');
  return {
    config,
    configSource: source,
    warnings: fromWorkingDirectory ? redirectedKeyWarnings(config, statuses, source) : [],
    transport,
    registry,
    providers: statuses,
    findProvider: (id) =>
      providers.find((provider) => provider.providerId.toLowerCase() === id.toLowerCase()),
    close: () => transport.close(),
  };
}

/**
 * A configuration file in the working directory (say, in a cloned repository) that points a
 * builtin provider at another host would receive the key from the user's environment. Say so.
 */
function redirectedKeyWarnings(
  config: ExaiConfig,
  statuses: readonly ProviderStatus[],
  source: string,
): string[] {
  const warnings: string[] = [];
  for (const [id, settings] of Object.entries(config.providers)) {
    const status = statuses.find((candidate) => candidate.id === id);
    if (!settings?.baseURL || !status?.apiKeySource || status.apiKeySource === 'config') continue;
    warnings.push(
      `${source} sends ${id} requests, with the key from ${status.apiKeySource}, to ${status.baseURL}. ` +
        'If you did not write that file, delete it or pass --config with a file you trust.',
    );
  }
  return warnings;
}
