import type { HttpTransportSettings } from '@exai/core';
import type { ExaiConfig } from './exai-config-schema.js';

/**
 * The transport settings a configuration asks for: its `transport` section, plus a bulkhead per
 * provider or endpoint that sets `maxConcurrent` / `maxQueue`, and `allowLinkLocalAddresses`
 * when `EXAI_ALLOW_LINK_LOCAL_ADDRESSES=1` (or `true`) asks for it and the file does not say.
 * Pass the result to `createHttpTransport`.
 */
export function transportSettingsFromConfig(
  config: ExaiConfig,
  env: Record<string, string | undefined> = {},
): HttpTransportSettings {
  const bulkheadByProvider: NonNullable<HttpTransportSettings['bulkheadByProvider']> = {};
  for (const [id, settings] of Object.entries({ ...config.providers, ...config.endpoints })) {
    if (settings?.maxConcurrent !== undefined || settings?.maxQueue !== undefined) {
      bulkheadByProvider[id] = {
        ...(settings.maxConcurrent !== undefined && { maxConcurrent: settings.maxConcurrent }),
        ...(settings.maxQueue !== undefined && { maxQueue: settings.maxQueue }),
      };
    }
  }
  const fromEnv = /^(1|true|yes)$/i.test(env.EXAI_ALLOW_LINK_LOCAL_ADDRESSES?.trim() ?? '');
  const allowLinkLocalAddresses = config.transport?.allowLinkLocalAddresses ?? fromEnv;
  return { ...config.transport, bulkheadByProvider, allowLinkLocalAddresses };
}
