import type { ClinkAgentSettings } from './clink-settings.js';
import { badOutputError } from './clink-errors.js';

const DEFAULT_JSON_FIELDS = ['result', 'response', 'text', 'output', 'content'];

/**
 * An agent's answer from its standard output: the text itself (`text`), or a string field of
 * the one JSON value it printed (`json`; with several JSON lines, the last that has the field).
 * An empty answer is an error, so a misconfigured agent never passes for a silent one.
 */
export function parseAgentOutput(name: string, agent: ClinkAgentSettings, stdout: string): string {
  const output = stdout.trim();
  if (output === '') throw badOutputError(name, 'printed nothing on its standard output');
  if ((agent.parser ?? 'text') === 'text') return output;

  const values = jsonValues(output);
  if (values.length === 0) {
    throw badOutputError(name, `was to print JSON (parser "json") but printed: ${preview(output)}`);
  }
  const fields = agent.jsonField === undefined ? DEFAULT_JSON_FIELDS : [agent.jsonField];
  for (const value of values.reverse()) {
    for (const field of fields) {
      const found = atPath(value, field);
      if (typeof found === 'string') return found.trim();
    }
  }
  throw badOutputError(
    name,
    `printed JSON without a string field ${fields.map((field) => `"${field}"`).join(' or ')}: ${preview(output)}`,
  );
}

/** The whole output as one JSON value, else each line that is one (JSON Lines). */
function jsonValues(output: string): unknown[] {
  try {
    return [JSON.parse(output) as unknown];
  } catch {
    const values: unknown[] = [];
    for (const line of output.split('\n')) {
      try {
        values.push(JSON.parse(line) as unknown);
      } catch {
        // Not a JSON line: a log line, say.
      }
    }
    return values.filter((value) => typeof value === 'object' && value !== null);
  }
}

function atPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function preview(output: string): string {
  const flat = output.replace(/\s+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
