import { ApiCallError, ExaiError, redactSecrets, type HttpTransport } from '@exai/core';
import { builtinConnections, describeBadBaseURL } from '@exai/providers';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import type { ProviderStatus } from '../config/create-providers-from-config.js';
import { errorMessage, type DoctorCheck } from './doctor-check.js';

export interface CheckProvidersOptions {
  config: ExaiConfig;
  providers: readonly ProviderStatus[];
  transport: HttpTransport;
  env: Record<string, string | undefined>;
  /** Per request. Default 5 s. */
  timeoutInMs?: number;
}

/** Where the key and extra headers of a provider come from, as the provider itself reads them. */
function connectionOf(
  status: ProviderStatus,
  config: ExaiConfig,
  env: Record<string, string | undefined>,
): { key: string | undefined; headers: Record<string, string>; configured: boolean } {
  const settings =
    status.kind === 'endpoint'
      ? config.endpoints[status.id]
      : config.providers[status.id as keyof ExaiConfig['providers']];
  const key =
    status.apiKeySource === 'config'
      ? settings?.apiKey
      : status.apiKeySource === undefined
        ? undefined
        : env[status.apiKeySource]?.trim();
  const baseURLVariable = baseURLVariableOf(status);
  const configured = settings !== undefined || Boolean(baseURLVariable && env[baseURLVariable]?.trim());
  return { key, headers: settings?.headers ?? {}, configured };
}

function baseURLVariableOf(status: ProviderStatus): string | undefined {
  if (status.kind !== 'builtin' || !Object.hasOwn(builtinConnections, status.id)) return undefined;
  return builtinConnections[status.id as keyof typeof builtinConnections].baseURLEnvironmentVariable;
}

function keyCheck(status: ProviderStatus): DoctorCheck {
  const name = `${status.id} key`;
  if (status.apiKey === 'not-required') return { name, status: 'ok', detail: 'no key needed' };
  if (status.apiKey === 'set') {
    return {
      name,
      status: 'ok',
      detail: `set (from ${status.apiKeySource === 'config' ? 'the config file' : status.apiKeySource})`,
    };
  }
  const variables = status.apiKeyEnvironmentVariables;
  return {
    name,
    status: 'warn',
    detail:
      variables.length > 0
        ? `missing: ${variables.join(' or ')} is not set, so ${status.id} cannot be called`
        : `missing, so ${status.id} cannot be called`,
    fix:
      (variables.length > 0 ? `export ${variables[0]}=<your key>` : `set apiKeyEnv for ${status.id}`) +
      (status.kind === 'builtin'
        ? `, or turn the provider off with "providers": { "${status.id}": { "enabled": false } } in the config`
        : ''),
  };
}

/** `GET {baseURL}/models`: cheap, read-only, and answered by every OpenAI-compatible server. */
async function reachableCheck(
  status: ProviderStatus,
  { config, transport, env, timeoutInMs = 5000 }: CheckProvidersOptions,
): Promise<DoctorCheck> {
  const name = `${status.id} reachable`;
  const badBaseURL = baseURLProblem(status, { config, env });
  if (badBaseURL !== undefined) {
    return {
      name,
      status: 'fail',
      detail: badBaseURL.detail,
      fix: `set ${badBaseURL.source} to a full http:// or https:// URL`,
    };
  }
  const { key, headers, configured } = connectionOf(status, config, env);
  const url = `${status.baseURL.replace(/\/+$/, '')}/models`;
  const secrets = [key, ...Object.values(headers)].filter((value): value is string => Boolean(value));
  const clean = (text: string) => redactSecrets(text, secrets);
  const startedAt = performance.now();
  try {
    const response = await transport.request({
      url,
      method: 'GET',
      headers: { ...(key !== undefined && { authorization: `Bearer ${key}` }), ...headers },
      target: { provider: status.id },
      timeouts: {
        connectInMs: timeoutInMs,
        firstByteInMs: timeoutInMs,
        idleInMs: timeoutInMs,
        totalInMs: timeoutInMs,
      },
      retry: false,
    });
    const elapsed = Math.round(performance.now() - startedAt);
    return { name, status: 'ok', detail: `GET ${url} answered ${response.status} in ${elapsed} ms` };
  } catch (error) {
    if (ApiCallError.isInstance(error)) {
      if (error.statusCode === 401 || error.statusCode === 403) {
        return {
          name,
          status: 'fail',
          detail: `${status.baseURL} is reachable but refused the key (HTTP ${error.statusCode})`,
          fix: `check the key${status.apiKeySource && status.apiKeySource !== 'config' ? ` in ${status.apiKeySource}` : ''}: it may be wrong, expired or for another region`,
        };
      }
      // Any other answer still means the server is there; not every server lists models.
      return {
        name,
        status: error.statusCode >= 500 ? 'warn' : 'ok',
        detail: `${status.baseURL} is reachable (GET /models answered HTTP ${error.statusCode})`,
        ...(error.statusCode >= 500 && { fix: 'the server reports a problem of its own; try again later' }),
      };
    }
    const code = ExaiError.isInstance(error) ? `${error.code}: ` : '';
    // A local Ollama nobody set up is not a failure: it is on by default.
    const optional = status.apiKey === 'not-required' && status.kind === 'builtin' && !configured;
    return {
      name,
      status: optional ? 'warn' : 'fail',
      detail: clean(`cannot reach ${status.baseURL} (${code}${errorMessage(error)})`),
      fix: optional
        ? `start ${status.id} if you use it, or turn it off with "providers": { "${status.id}": { "enabled": false } } in the config`
        : `check the base URL (${whereBaseURLCouldComeFrom(status)}), your network, proxy or VPN`,
    };
  }
}

/**
 * A provider's base URL that cannot be used (no scheme, not http or https), with where it was
 * set: `KIMI_BASE_URL is "localhost:1234/v1", which has no scheme; …`. Shared by `exai doctor`
 * and the warnings `exai serve` prints at start-up.
 */
export function baseURLProblem(
  status: ProviderStatus,
  { config, env }: Pick<CheckProvidersOptions, 'config' | 'env'>,
): { source: string; detail: string } | undefined {
  const problem = describeBadBaseURL(status.baseURL);
  if (problem === undefined) return undefined;
  const source = whereBaseURLComesFrom(status, { config, env });
  return { source, detail: `${source} is "${status.baseURL}", which ${problem}` };
}

/** The one place the base URL in use came from: the config key or the environment variable. */
function whereBaseURLComesFrom(
  status: ProviderStatus,
  { config, env }: Pick<CheckProvidersOptions, 'config' | 'env'>,
): string {
  if (status.kind === 'endpoint') return `endpoints.${status.id}.baseURL in the config`;
  const variable = baseURLVariableOf(status);
  const fromConfig = config.providers[status.id as keyof ExaiConfig['providers']]?.baseURL;
  if (fromConfig === undefined && variable !== undefined && env[variable]?.trim()) return variable;
  return `providers.${status.id}.baseURL in the config`;
}

function whereBaseURLCouldComeFrom(status: ProviderStatus): string {
  if (status.kind === 'endpoint') return `endpoints.${status.id}.baseURL in the config`;
  const variable = baseURLVariableOf(status);
  return `providers.${status.id}.baseURL in the config${variable ? ` or ${variable}` : ''}`;
}

/**
 * For every configured provider: whether its key is present (naming the variable, never the
 * value) and, when it can be called, whether its server answers.
 */
export async function checkProviders(options: CheckProvidersOptions): Promise<DoctorCheck[]> {
  const perProvider = await Promise.all(
    options.providers.map(async (status) => {
      const key = keyCheck(status);
      return status.apiKey === 'missing' ? [key] : [key, await reachableCheck(status, options)];
    }),
  );
  const checks = perProvider.flat();
  const answered = perProvider.filter((group) => group[1]?.status === 'ok').length;
  if (answered === 0) {
    const keyed = options.providers.filter((status) => status.apiKey !== 'missing').length;
    checks.push({
      name: 'providers',
      status: 'fail',
      detail:
        options.providers.length === 0
          ? 'no provider is enabled'
          : keyed === 0
            ? 'no provider can be called: every enabled provider is missing its key'
            : 'no provider can be called: none of those with a key answered',
      fix: 'set the key of at least one provider (e.g. export KIMI_API_KEY=<your key>), or fix the failures above',
    });
  }
  return checks;
}
