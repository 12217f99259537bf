import type { ExaiConfig } from './exai-config-schema.js';

/**
 * The configuration without a file: what `exaiConfigSchema` makes of `{}` (a test keeps the two
 * equal). Built by hand so a run without a configuration file does not load zod and build the
 * schema, which is most of a one-shot command's start-up.
 */
export function defaultExaiConfig(): ExaiConfig {
  return { providers: {}, endpoints: {}, fallbacks: {} };
}
