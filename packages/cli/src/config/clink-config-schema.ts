import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'names are lower-case letters, digits, dashes and underscores');

/** One command-line agent for `clink` (`clink.agents.<name>`); fields left out keep the preset's. */
export const clinkAgentConfigSchema = z.strictObject({
  /** The program: a name on the PATH or an absolute path; run without a shell. */
  command: z.string().trim().min(1).optional(),
  /** Arguments before the prompt, passed as they are. */
  args: z.array(z.string()).optional(),
  /** How the prompt is passed: as the last argument (default) or on standard input. */
  promptInput: z.enum(['argument', 'stdin']).optional(),
  /** `text` (default) or `json` (one JSON value, or JSON lines). */
  parser: z.enum(['text', 'json']).optional(),
  /** For `json`: the answer's field, as a dot path. */
  jsonField: z.string().min(1).optional(),
  /** Stop the agent (and what it started) after this many seconds. Default 300. */
  timeoutInSeconds: z.number().int().positive().max(86_400).optional(),
  /** Most bytes of output read before the agent is stopped. Default 1 MiB. */
  maxOutputBytes: z.number().int().min(1024).optional(),
  /** Variables added to the agent's environment. */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'), z.string())
    .optional(),
});

/** The `clink` block of exai.config.json: agents by name, and extra roles. */
export const clinkConfigSchema = z.strictObject({
  /** Agents by name; one named like a built-in agent (claude, codex, gemini) changes only the fields it gives. */
  agents: z.record(name, clinkAgentConfigSchema).default({}),
  /** Role name → instructions put before the prompt. */
  roles: z.record(name, z.string()).optional(),
});

export type ClinkConfig = z.output<typeof clinkConfigSchema>;
