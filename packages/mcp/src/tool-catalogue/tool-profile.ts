/**
 * How many tools a server offers. Every tool schema costs the client's model context on every
 * request, so the default is the smallest useful set:
 * - `lean`: `chat`, `thinkdeep`, `consensus`, `challenge`, `listmodels`, `page`;
 * - `standard`: lean plus `codereview`, `precommit`, `debug`, `planner`, `analyze`,
 *   `web_search`, `file_query`, `threads`, `status`, `apilookup`, `version`;
 * - `full`: every tool (standard plus `refactor`, `testgen`, `secaudit`, `docgen`, `tracer`, `clink`).
 */
export type ToolProfile = 'lean' | 'standard' | 'full';

export const toolProfiles: readonly ToolProfile[] = ['lean', 'standard', 'full'];

export const DEFAULT_TOOL_PROFILE: ToolProfile = 'standard';

const rank: Record<ToolProfile, number> = { lean: 0, standard: 1, full: 2 };

/** Whether a tool that first appears in `smallest` is offered under `profile`. */
export function profileIncludes(profile: ToolProfile, smallest: ToolProfile): boolean {
  return rank[profile] >= rank[smallest];
}

export function isToolProfile(value: string): value is ToolProfile {
  return value === 'lean' || value === 'standard' || value === 'full';
}
