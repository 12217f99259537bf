import type { HttpTransportSettings } from '@exai/core';
import type { ExaiConfig } from './exai-config-schema.js';

/**
 * The transport settings a configuration asks for: its `transport` section, plus a bulkhead per
 * provider or endpoint that sets `maxConcurrent` / `maxQueue`. Pass the result to `createHttpTransport`.
 */
export function transportSettingsFromConfig(config: ExaiConfig): HttpTransportSettings {
  const bulkheadByProvider: NonNullable<HttpTransportSettings['bulkheadByProvider']> = {};
  for (const [id, settings] of Object.entries({ ...config.providers, ...config.endpoints })) {
    if (settings?.maxConcurrent !== undefined || settings?.maxQueue !== undefined) {
      bulkheadByProvider[id] = {
        ...(settings.maxConcurrent !== undefined && { maxConcurrent: settings.maxConcurrent }),
        ...(settings.maxQueue !== undefined && { maxQueue: settings.maxQueue }),
      };
    }
  }
  return { ...config.transport, bulkheadByProvider };
}
