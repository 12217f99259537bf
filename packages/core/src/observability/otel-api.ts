import { createRequire } from 'node:module';
import type * as OpenTelemetryApi from '@opentelemetry/api';

/**
 * Where `@opentelemetry/api` (major version 1) keeps what is registered — the tracer provider, the
 * context manager — on `globalThis`, shared by every copy of the package in a process (that is
 * how copies bundled by different libraries agree). Its `trace` entry exists once a tracer
 * provider is registered (`trace.setGlobalTracerProvider`, which an SDK's `register()` calls).
 */
const REGISTERED = Symbol.for('opentelemetry.js.api.1');

/**
 * Whether a tracer provider is registered, read from the API's global without loading the API.
 * Until one is, exai makes no spans, so a process that never configures OpenTelemetry never loads
 * the package (about half of `import('@exai/core')`'s own time when it was loaded eagerly).
 */
export function tracerProviderRegistered(): boolean {
  const registered = (globalThis as { [REGISTERED]?: { trace?: unknown } })[REGISTERED];
  return registered?.trace !== undefined;
}

let api: typeof OpenTelemetryApi | undefined;

/**
 * `@opentelemetry/api`, loaded on first use. Synchronous (spans start inside synchronous code), so
 * through `require`: the package's CommonJS build shares the registrations above with any ES module
 * copy another package loaded.
 */
export function openTelemetryApi(): typeof OpenTelemetryApi {
  api ??= createRequire(import.meta.url)('@opentelemetry/api') as typeof OpenTelemetryApi;
  return api;
}
