import type { ProviderSummary } from '@exai/mcp';
import type { ReadyDetails } from '@exai/server';

/**
 * `/readyz`'s `config` check: the configuration loaded (the daemon does not start otherwise), the
 * providers with an API key set and those that need none (local models). Names only.
 */
export function configReadiness(providers: readonly ProviderSummary[]): NonNullable<ReadyDetails['config']> {
  return {
    status: 'loaded',
    providers: providers.filter((provider) => provider.apiKey === 'set').map((provider) => provider.id),
    keyless: providers
      .filter((provider) => provider.apiKey === 'not-required')
      .map((provider) => provider.id),
  };
}
