import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { exaiConfigSchema } from '../config/exai-config-schema.js';
import { clinkSettings } from './clink-settings.js';

const config = (input: unknown) => exaiConfigSchema.parse(input);
const configurationDoc = readFileSync(
  fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url)),
  'utf8',
);
const section = configurationDoc.slice(configurationDoc.indexOf('## `clink`'));

/** The fenced block of `language` that follows `after` in the clink section. */
function blockAfter(after: string, language: string): string {
  const start = section.indexOf(after);
  expect(start, `"${after}" is in the clink section`).toBeGreaterThanOrEqual(0);
  const fence = section.indexOf(`\`\`\`${language}\n`, start) + language.length + 4;
  return section.slice(fence, section.indexOf('```', fence));
}

describe('clink settings', () => {
  it('passes the documented example to the runtime as it is', () => {
    const example = JSON.parse(blockAfter('`clink.roles.<name>` adds a role', 'json')) as {
      clink: { agents: Record<string, unknown> };
    };
    const { clink } = clinkSettings(config(example));
    expect(clink?.agents).toEqual(example.clink.agents);
    expect(clink?.roles).toEqual({ security: expect.stringMatching(/^Act as a security reviewer/) });
    expect(clinkSettings(config({}))).toEqual({});
  });

  it('refuses a new agent without a command, as documented', () => {
    let error: unknown;
    try {
      clinkSettings(
        config({ clink: { agents: { aider: { args: ['--message'] }, gemini: { args: ['-p'] } } } }),
      );
    } catch (caught) {
      error = caught;
    }
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    const documented = blockAfter('has no `command` stops', 'text');
    expect(`exai: invalid_config: ${(error as InvalidConfigError).message}\n`).toBe(documented);
  });

  it('refuses unknown keys and malformed values in the schema', () => {
    expect(() => config({ clink: { agents: { gemini: { comand: 'x' } } } })).toThrow();
    expect(() => config({ clink: { agents: { gemini: { parser: 'yaml' } } } })).toThrow();
    expect(() => config({ clink: { agents: { Gemini: { command: 'x' } } } })).toThrow();
    expect(() => config({ clink: { agents: { x: { command: 'x', timeoutInSeconds: 0 } } } })).toThrow();
  });
});
