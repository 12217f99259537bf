/** How a clink agent's standard output becomes its answer. */
export type ClinkOutputParser = 'text' | 'json';

/** One AI command-line agent `clink` can hand a prompt to (`clink.agents.<name>` in exai.config.json). */
export interface ClinkAgentSettings {
  /** The program: a name looked up on the server's PATH, or an absolute path. Run without a shell. */
  command: string;
  /** Arguments before the prompt. Passed as they are: no shell, no expansion. */
  args?: readonly string[] | undefined;
  /** How the prompt reaches the agent: as the last argument (default) or on its standard input. */
  promptInput?: 'argument' | 'stdin' | undefined;
  /** `text` (default): standard output is the answer. `json`: standard output is one JSON value. */
  parser?: ClinkOutputParser | undefined;
  /**
   * For `json`: the answer's field, as a dot path (`result`, `response`, `message.content`).
   * Default: the first string among `result`, `response`, `text`, `output`, `content`.
   */
  jsonField?: string | undefined;
  /** The process (and everything it started) is stopped after this long. Default 300. */
  timeoutInSeconds?: number | undefined;
  /** Most bytes of standard output read; past it the process is stopped. Default 1 MiB. */
  maxOutputBytes?: number | undefined;
  /** Variables added to the agent's environment (it inherits the server's). */
  env?: Readonly<Record<string, string>> | undefined;
}

/** The `clink` tool's settings: its agents by name, and roles beyond the built-in ones. */
export interface ClinkSettings {
  /** Agents by name; an agent named like a preset may give only the fields it changes. */
  agents: Readonly<Record<string, Partial<ClinkAgentSettings>>>;
  /** Role name → instructions put before the prompt; adds to or replaces the built-in roles. */
  roles?: Readonly<Record<string, string>> | undefined;
}

export const DEFAULT_CLINK_TIMEOUT_IN_SECONDS = 300;
export const DEFAULT_CLINK_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * The agents every server knows without configuration, in their non-interactive modes. A
 * configured agent of the same name is merged over its preset, field by field.
 */
export const CLINK_AGENT_PRESETS: Readonly<Record<string, ClinkAgentSettings>> = {
  claude: { command: 'claude', args: ['-p', '--output-format', 'json'], parser: 'json', jsonField: 'result' },
  codex: { command: 'codex', args: ['exec', '--skip-git-repo-check'], parser: 'text' },
  gemini: { command: 'gemini', args: ['-p'], parser: 'text' },
};

/** The built-in roles: instructions put before the prompt. `default` adds none. */
export const CLINK_ROLES: Readonly<Record<string, string>> = {
  default: '',
  planner:
    'Act as a planner: break the task into small, ordered steps, each with what to change, where, ' +
    'and how to check it; list open questions and risks. Do not change any file.',
  codereviewer:
    'Act as a code reviewer: find bugs, security problems, missing tests and unclear code in the ' +
    'files given, each with its file and line, its severity and a concrete fix. Do not change any file.',
};

/** Every agent a server offers: the presets, with the configured agents merged over them. */
export function clinkAgents(settings: ClinkSettings | undefined): Record<string, ClinkAgentSettings> {
  const agents: Record<string, ClinkAgentSettings> = { ...CLINK_AGENT_PRESETS };
  for (const [name, agent] of Object.entries(settings?.agents ?? {})) {
    const given = Object.fromEntries(Object.entries(agent).filter(([, value]) => value !== undefined));
    const preset = Object.hasOwn(CLINK_AGENT_PRESETS, name) ? CLINK_AGENT_PRESETS[name] : undefined;
    agents[name] = { command: '', ...preset, ...given };
  }
  return agents;
}

/** Every role a server offers: the built-in ones, with the configured ones merged over them. */
export function clinkRoles(settings: ClinkSettings | undefined): Record<string, string> {
  return { ...CLINK_ROLES, ...settings?.roles };
}
