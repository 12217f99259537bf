import type { ModelInfo, ProviderV1 } from '@exai/core';
import type { ExaiRuntime, ProviderSummary } from '../mcp-server/exai-runtime.js';

/** A provider the registry can reach, with its allowed models and whether its key is set. */
export interface RegistryProvider {
  provider: ProviderV1;
  models: ModelInfo[];
  summary: ProviderSummary | undefined;
  /** False only when `runtime.providers` says the key is missing. */
  configured: boolean;
}

/** The providers behind the registry's models (allow/deny applied), in registration order. */
export function registryProviders(runtime: ExaiRuntime): RegistryProvider[] {
  const byId = new Map<string, ModelInfo[]>();
  for (const info of runtime.registry.listModels()) {
    const models = byId.get(info.provider) ?? [];
    models.push(info);
    byId.set(info.provider, models);
  }
  const found: RegistryProvider[] = [];
  for (const [id, models] of byId) {
    const first = models[0];
    if (first === undefined) continue;
    let provider: ProviderV1;
    try {
      provider = runtime.registry.resolve(`${id}:${first.id}`).provider;
    } catch {
      continue;
    }
    const summary = runtime.providers?.find((entry) => entry.id.toLowerCase() === id.toLowerCase());
    found.push({ provider, models, summary, configured: summary?.apiKey !== 'missing' });
  }
  return found;
}

/** The environment variables that take a provider's key, from its summary or the usual names. */
export function keyVariables(runtime: ExaiRuntime, providerId: string, usual: readonly string[]): string {
  const summary = runtime.providers?.find((entry) => entry.id === providerId);
  const names = summary?.apiKeyEnvironmentVariables ?? usual;
  return names.join(' or ');
}

/** The provider's best everyday model: highest rank, not deprecated, preferring non-thinking ones. */
export function everydayModel(models: readonly ModelInfo[]): ModelInfo | undefined {
  const usable = models.filter((info) => info.deprecated === undefined);
  const score = (info: ModelInfo) => (info.rank ?? 50) - (info.capabilities.thinking ? 100 : 0);
  return [...usable].sort((a, b) => score(b) - score(a))[0] ?? models[0];
}
