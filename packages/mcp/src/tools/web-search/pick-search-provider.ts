import { ExaiError } from '@exai/core';
import type { ExaiRuntime } from '../../mcp-server/exai-runtime.js';
import {
  keyVariables,
  registryProviders,
  type RegistryProvider,
} from '../../model-turn/registry-providers.js';

export type SearchProviderChoice = 'glm' | 'kimi' | 'auto';

export type SearchRoute =
  { kind: 'search-api'; provider: RegistryProvider } | { kind: 'model'; provider: RegistryProvider };

const glmKeys = ['GLM_API_KEY', 'ZHIPUAI_API_KEY'];
const kimiKeys = ['KIMI_API_KEY', 'MOONSHOT_API_KEY'];

/**
 * Where a search runs: a configured provider with a search API (GLM) for `glm`, Kimi's models
 * with `$web_search` for `kimi`, the first of the two for `auto`. Throws `web_search_unavailable`
 * naming the environment variables to set when none is configured.
 */
export function pickSearchProvider(runtime: ExaiRuntime, choice: SearchProviderChoice): SearchRoute {
  const providers = registryProviders(runtime).filter((entry) => entry.configured);
  const api =
    providers.find((entry) => entry.provider.providerId === 'glm' && entry.provider.webSearch) ??
    providers.find((entry) => typeof entry.provider.webSearch === 'function');
  const kimi = providers.find(
    (entry) =>
      entry.provider.providerId === 'kimi' && entry.models.some((info) => info.capabilities.webSearch),
  );
  if (choice !== 'kimi' && api !== undefined) return { kind: 'search-api', provider: api };
  if (choice !== 'glm' && kimi !== undefined) return { kind: 'model', provider: kimi };

  const glmHint = `set ${keyVariables(runtime, 'glm', glmKeys)} for GLM's search API`;
  const kimiHint = `set ${keyVariables(runtime, 'kimi', kimiKeys)} for Kimi's $web_search`;
  const hint = choice === 'glm' ? glmHint : choice === 'kimi' ? kimiHint : `${glmHint}, or ${kimiHint}`;
  const which =
    choice === 'auto'
      ? 'No configured provider offers web search'
      : `Web search with ${choice} is not available`;
  return unavailable(`${which}: ${hint}, then restart the server.`);
}

function unavailable(message: string): never {
  throw new ExaiError('web_search_unavailable', { message });
}
