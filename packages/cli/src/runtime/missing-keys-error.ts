import { ExaiError } from '@exai/core';
import type { ProviderStatus } from '../config/create-providers-from-config.js';

/** `KIMI_API_KEY or MOONSHOT_API_KEY (kimi)`: what to set for one provider. */
export function describeKeyVariables(status: ProviderStatus): string {
  const variables = status.apiKeyEnvironmentVariables;
  return variables.length > 0 ? `${variables.join(' or ')} (${status.id})` : `apiKey (${status.id})`;
}

/**
 * The error for `auto` when no provider that needs a key has one: names the variables to set and
 * `apiKeyEnv`, rather than saying no model matched. `undefined` when some provider has a key.
 */
export function missingKeysError(statuses: readonly ProviderStatus[]): ExaiError | undefined {
  if (statuses.some((status) => status.apiKey === 'set')) return undefined;
  const missing = statuses.filter((status) => status.apiKey === 'missing');
  if (missing.length === 0) return undefined;
  return new ExaiError('missing_api_key', {
    message:
      `No provider has an API key, so there is no model to call. Set one of: ${missing.map(describeKeyVariables).join(', ')}; ` +
      'or name the variable that holds a key with `apiKeyEnv` in exai.config.json. ' +
      'A local Ollama model needs no key: pass -m ollama:MODEL. `exai doctor` checks the setup.',
  });
}
