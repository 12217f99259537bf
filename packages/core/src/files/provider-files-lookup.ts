import type { FilesV1 } from '../provider/v1/files-v1.js';
import type { ProviderRegistry } from '../registry/provider-registry.js';

/**
 * The files API of each provider behind a registry, by provider id (`kimi`), for
 * `collectProviderFiles` and the expiry sweep; undefined for a provider without one.
 */
export function providerFilesLookup(
  registry: Pick<ProviderRegistry, 'listModels' | 'resolve'>,
): (provider: string) => FilesV1 | undefined {
  const apis = new Map<string, FilesV1 | undefined>();
  return (providerId) => {
    const key = providerId.toLowerCase();
    if (apis.has(key)) return apis.get(key);
    let api: FilesV1 | undefined;
    const model = registry.listModels().find((info) => info.provider.toLowerCase() === key);
    if (model !== undefined) {
      try {
        api = registry.resolve(`${model.provider}:${model.id}`).provider.files?.();
      } catch {
        api = undefined;
      }
    }
    apis.set(key, api);
    return api;
  };
}
