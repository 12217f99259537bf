import { ExaiError } from '@exai/core';

/** The configuration keys of one agent, for messages: `clink.agents.gemini`. */
export const agentKey = (name: string) => `clink.agents.${name}`;

/** The agent's command is not on the server's PATH (or is not a file it can run). */
export function commandNotFoundError(name: string, command: string, cause: unknown): ExaiError {
  return new ExaiError('clink_command_not_found', {
    cause,
    message:
      `clink agent "${name}" runs "${command}", which is not on the PATH of the exai server. ` +
      `Install that command-line agent, or set ${agentKey(name)}.command in exai.config.json to its ` +
      'absolute path (see docs/configuration.md, "clink").',
  });
}

/** The OS refused to start the agent: not executable (EACCES), or its arguments too long (E2BIG). */
export function cannotStartError(name: string, command: string, error: NodeJS.ErrnoException): ExaiError {
  const fix =
    error.code === 'E2BIG'
      ? `the prompt is too long to pass as an argument; set ${agentKey(name)}.promptInput to "stdin" ` +
        'in exai.config.json if the agent reads its prompt from standard input, or send a shorter prompt'
      : error.code === 'EACCES'
        ? `"${command}" is not executable; point ${agentKey(name)}.command in exai.config.json at the agent's program`
        : `${error.message}; check ${agentKey(name)}.command in exai.config.json`;
  return new ExaiError('clink_agent_failed', {
    cause: error,
    message: `clink agent "${name}" could not be started: ${fix}.`,
  });
}

/** The agent exited with a non-zero code, or was killed by a signal it did not get from exai. */
export function agentFailedError(
  name: string,
  {
    exitCode,
    signal,
    stderrTail,
  }: { exitCode: number | null; signal: NodeJS.Signals | null; stderrTail: string },
): ExaiError {
  const how = exitCode !== null ? `exited with code ${exitCode}` : `was killed by ${signal ?? 'a signal'}`;
  const tail = stderrTail.trim();
  return new ExaiError('clink_agent_failed', {
    message:
      `clink agent "${name}" ${how}. ` +
      (tail === '' ? 'It wrote nothing to stderr.' : `The end of its stderr:\n${tail}`),
  });
}

export function agentTimeoutError(name: string, timeoutInSeconds: number): ExaiError {
  return new ExaiError('clink_timeout', {
    message:
      `clink agent "${name}" did not finish within ${timeoutInSeconds} s and was stopped, with every ` +
      `process it started. Raise ${agentKey(name)}.timeoutInSeconds in exai.config.json, or ask for less.`,
  });
}

export function agentOutputTooLargeError(name: string, maxOutputBytes: number): ExaiError {
  return new ExaiError('clink_output_too_large', {
    message:
      `clink agent "${name}" wrote more than ${maxOutputBytes} bytes and was stopped, with every ` +
      `process it started. Ask for a shorter answer, or raise ${agentKey(name)}.maxOutputBytes in exai.config.json.`,
  });
}

export function badOutputError(name: string, problem: string): ExaiError {
  return new ExaiError('clink_bad_output', {
    message: `clink agent "${name}" ${problem}. Check ${agentKey(name)}.args and .parser in exai.config.json.`,
  });
}
