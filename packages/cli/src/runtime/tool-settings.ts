import { InvalidConfigError } from '@exai/core';
import { toolCatalogue } from '@exai/mcp';
import type { ExaiConfig } from '../config/exai-config-schema.js';

export interface ToolSettings {
  /** Default model per tool name, from `tools.<name>.model`. */
  toolModels?: Record<string, string>;
  /** The locale models answer in: `EXAI_LOCALE`, else `locale` in the file. */
  locale?: string;
}

/**
 * The per-tool default models and the locale, checked: a tool name exai does not ship, or a
 * locale that is not a BCP 47 tag, is an `InvalidConfigError` naming where it came from.
 */
export function toolSettings(
  config: ExaiConfig,
  env: Readonly<Record<string, string | undefined>>,
): ToolSettings {
  const issues: string[] = [];
  const known = new Set(toolCatalogue.map((entry) => entry.name));
  const toolModels: Record<string, string> = {};
  for (const [name, settings] of Object.entries(config.tools ?? {})) {
    if (!known.has(name)) {
      issues.push(`tools.${name}: there is no tool "${name}"; known tools: ${[...known].sort().join(', ')}`);
    } else if (settings.model !== undefined) {
      toolModels[name] = settings.model;
    }
  }
  const fromEnvironment = env.EXAI_LOCALE?.trim();
  const source = fromEnvironment ? 'EXAI_LOCALE' : 'locale';
  const wanted = fromEnvironment || config.locale;
  let locale: string | undefined;
  if (wanted !== undefined) {
    try {
      locale = Intl.getCanonicalLocales(wanted)[0];
    } catch {
      issues.push(`${source}: "${wanted}" is not a locale; use a BCP 47 tag such as en, fr-FR or zh-Hans`);
    }
  }
  if (issues.length > 0)
    throw new InvalidConfigError({ source: 'the tool settings (exai.config.json, EXAI_LOCALE)', issues });
  return {
    ...(Object.keys(toolModels).length > 0 && { toolModels }),
    ...(locale !== undefined && { locale }),
  };
}
