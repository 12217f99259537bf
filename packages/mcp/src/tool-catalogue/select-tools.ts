import { InvalidConfigError } from '@exai/core';
import type { AnyExaiTool } from '../tools/define-tool.js';
import { toolCatalogue, type ToolCatalogueEntry } from './tool-catalogue.js';
import { DEFAULT_TOOL_PROFILE, isToolProfile, profileIncludes, type ToolProfile } from './tool-profile.js';

/** A tool that was asked for but could not be built. */
export interface ToolLoadError {
  name: string;
  message: string;
}

export interface ToolSelection {
  profile: ToolProfile;
  tools: AnyExaiTool[];
  /** Tools the profile or `enabled` asked for whose `load` threw; `status` reports them. */
  loadErrors: ToolLoadError[];
}

export interface SelectToolsOptions {
  /** Default `standard`. */
  profile?: ToolProfile;
  /** Tool names to offer on top of the profile. */
  enabled?: readonly string[];
  /** Tool names to leave out, whatever the profile or `enabled` say. */
  disabled?: readonly string[];
  /** Default: every tool exai ships. */
  catalogue?: readonly ToolCatalogueEntry[];
  /** Names the `enabled`/`disabled` lists in error messages. Default `enabled` / `disabled`. */
  sources?: { enabled?: string; disabled?: string };
}

/**
 * The tools a server offers: the profile's, plus `enabled`, minus `disabled`. An unknown name is
 * an `InvalidConfigError` naming the list it came from and the valid names.
 */
export function selectTools({
  profile = DEFAULT_TOOL_PROFILE,
  enabled = [],
  disabled = [],
  catalogue = toolCatalogue,
  sources = {},
}: SelectToolsOptions = {}): ToolSelection {
  const known = new Set(catalogue.map((entry) => entry.name));
  const issues = [
    ...unknownNames(enabled, known, sources.enabled ?? 'enabled'),
    ...unknownNames(disabled, known, sources.disabled ?? 'disabled'),
  ];
  if (issues.length > 0) throw new InvalidConfigError({ source: 'the tool selection', issues });

  const wanted = new Set(enabled);
  const skipped = new Set(disabled);
  const tools: AnyExaiTool[] = [];
  const loadErrors: ToolLoadError[] = [];
  for (const entry of catalogue) {
    if (skipped.has(entry.name)) continue;
    if (!profileIncludes(profile, entry.profile) && !wanted.has(entry.name)) continue;
    try {
      tools.push(entry.load());
    } catch (error) {
      loadErrors.push({ name: entry.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { profile, tools, loadErrors };
}

function unknownNames(names: readonly string[], known: ReadonlySet<string>, source: string): string[] {
  return names
    .filter((name) => !known.has(name))
    .map((name) => `${source}: there is no tool "${name}"; known tools: ${[...known].sort().join(', ')}`);
}

/**
 * The tool selection from `EXAI_TOOL_PROFILE`, `EXAI_TOOLS_ENABLED` and `EXAI_TOOLS_DISABLED`
 * (comma-separated names); `profile` (from a `--profile` flag) wins over the environment.
 */
export function selectToolsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  { profile, catalogue }: { profile?: string; catalogue?: readonly ToolCatalogueEntry[] } = {},
): ToolSelection {
  const source = profile !== undefined ? '--profile' : 'EXAI_TOOL_PROFILE';
  const wanted = (profile ?? env.EXAI_TOOL_PROFILE ?? '').trim() || DEFAULT_TOOL_PROFILE;
  if (!isToolProfile(wanted)) {
    throw new InvalidConfigError({
      source,
      issues: [`${source}: "${wanted}" is not a tool profile; use lean, standard or full`],
    });
  }
  return selectTools({
    profile: wanted,
    enabled: nameList(env.EXAI_TOOLS_ENABLED),
    disabled: nameList(env.EXAI_TOOLS_DISABLED),
    ...(catalogue !== undefined && { catalogue }),
    sources: { enabled: 'EXAI_TOOLS_ENABLED', disabled: 'EXAI_TOOLS_DISABLED' },
  });
}

function nameList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
