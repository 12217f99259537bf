import { createProviderRegistry, createTransport, type ProviderRegistry, type Transport } from '@exai/core';
import {
  createProvidersFromConfig,
  loadExaiConfig,
  transportSettingsFromConfig,
  type ExaiConfig,
  type ProviderStatus,
} from '@exai/providers';

export interface CliRuntimeOptions {
  configPath?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface CliRuntime {
  config: ExaiConfig;
  configSource: string | undefined;
  transport: Transport;
  registry: ProviderRegistry;
  providers: readonly ProviderStatus[];
  close(): Promise<void>;
}

/** Config → transport → providers → registry: all the wiring the CLI does. */
export function createCliRuntime({ configPath, env = process.env, cwd }: CliRuntimeOptions = {}): CliRuntime {
  const { config, source } = loadExaiConfig({
    ...(configPath !== undefined && { path: configPath }),
    ...(cwd !== undefined && { cwd }),
    env,
  });
  const transport = createTransport(transportSettingsFromConfig(config));
  const { providers, statuses } = createProvidersFromConfig(config, { transport, env });
  const missingKey = new Set(
    statuses.filter((status) => status.apiKey === 'missing').map((status) => status.id),
  );
  const registry = createProviderRegistry({
    providers,
    // `auto` only considers providers that can be called; named models still resolve (and say which key is missing).
    isProviderUsable: (provider) => !missingKey.has(provider.providerId),
    fallbacks: config.fallbacks,
    ...(config.allow && { allow: config.allow }),
    ...(config.deny && { deny: config.deny }),
    ...(config.defaultModel && { defaultModel: config.defaultModel }),
  });
  return {
    config,
    configSource: source,
    transport,
    registry,
    providers: statuses,
    close: () => transport.close(),
  };
}
