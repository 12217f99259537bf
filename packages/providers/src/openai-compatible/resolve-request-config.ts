import { MissingApiKeyError } from '@exai/core';
import { assertBaseURL } from './check-base-url.js';

/** The connection details of one call, resolved when it is made. */
export interface ResolvedRequestConfig {
  baseURL: string;
  headers: Record<string, string>;
}

export interface ResolveRequestConfigOptions {
  provider: string;
  baseURL: string;
  baseURLEnvironmentVariable?: string;
  apiKey?: string;
  apiKeyEnvironmentVariables?: readonly string[];
  requiresApiKey?: boolean;
  headers?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/** Reads the first non-empty value among the given environment variables. */
export function readEnvironment(
  env: Record<string, string | undefined>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Strips trailing slashes so paths can be appended with a leading one. */
export function withoutTrailingSlash(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(0, end);
}

/**
 * Resolves the base URL and headers of a call. Secrets and environment overrides are read here,
 * at call time, never when a provider is built.
 */
export function resolveRequestConfig({
  provider,
  baseURL,
  baseURLEnvironmentVariable,
  apiKey,
  apiKeyEnvironmentVariables = [],
  requiresApiKey = true,
  headers,
  env = process.env,
}: ResolveRequestConfigOptions): ResolvedRequestConfig {
  const fromEnvironment = baseURLEnvironmentVariable
    ? readEnvironment(env, [baseURLEnvironmentVariable])
    : undefined;
  const resolvedBaseURL = fromEnvironment ?? baseURL;
  assertBaseURL(resolvedBaseURL, {
    source: fromEnvironment === undefined ? `the baseURL of ${provider}` : baseURLEnvironmentVariable!,
  });

  const key = apiKey ?? readEnvironment(env, apiKeyEnvironmentVariables);
  if (key === undefined && requiresApiKey) {
    throw new MissingApiKeyError({
      provider,
      option: 'apiKey',
      environmentVariables: apiKeyEnvironmentVariables,
    });
  }

  return {
    baseURL: withoutTrailingSlash(resolvedBaseURL),
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      ...headers,
    },
  };
}

/** Appends query parameters to a URL. */
export function withQueryParams(url: string, queryParams: Record<string, string> | undefined): string {
  if (queryParams === undefined) return url;
  const search = new URLSearchParams(queryParams).toString();
  if (search.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}
