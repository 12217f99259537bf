import { InvalidConfigError } from '@exai/core';
import { CLINK_AGENT_PRESETS, type ExaiRuntime } from '@exai/mcp';
import type { ExaiConfig } from '../config/exai-config-schema.js';

/**
 * The `clink` block of the configuration, for the runtime (absent: the built-in agents only). An
 * agent that is not built in must name its command: an `InvalidConfigError` says which.
 */
export function clinkSettings(config: ExaiConfig): Pick<ExaiRuntime, 'clink'> {
  if (config.clink === undefined) return {};
  const { agents, roles } = config.clink;
  const issues = Object.entries(agents)
    .filter(([name, agent]) => agent.command === undefined && !Object.hasOwn(CLINK_AGENT_PRESETS, name))
    .map(
      ([name]) =>
        `clink.agents.${name}.command: "${name}" is not a built-in agent ` +
        `(${Object.keys(CLINK_AGENT_PRESETS).join(', ')}), so it needs a command`,
    );
  if (issues.length > 0)
    throw new InvalidConfigError({ source: 'the clink settings (exai.config.json)', issues });
  return { clink: { agents, ...(roles !== undefined && { roles }) } };
}
