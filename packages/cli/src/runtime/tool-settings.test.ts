import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { exaiConfigSchema } from '../config/exai-config-schema.js';
import { toolSettings } from './tool-settings.js';

const config = (input: unknown) => exaiConfigSchema.parse(input);

describe('tool settings', () => {
  it('reads per-tool default models and the locale, the environment winning', () => {
    const file = config({ tools: { codereview: { model: 'glm-4.6' }, chat: {} }, locale: 'de' });
    expect(toolSettings(file, {})).toEqual({ toolModels: { codereview: 'glm-4.6' }, locale: 'de' });
    expect(toolSettings(file, { EXAI_LOCALE: 'fr-fr' }).locale).toBe('fr-FR');
    expect(toolSettings(config({}), {})).toEqual({});
  });

  it('refuses an unknown tool name and a malformed locale, naming where they came from', () => {
    const refused = (input: unknown, env: Record<string, string> = {}) => {
      try {
        toolSettings(config(input), env);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidConfigError);
        return (error as InvalidConfigError).issues;
      }
      throw new Error('expected an InvalidConfigError');
    };
    expect(refused({ tools: { codereveiw: { model: 'kimi' } } })[0]).toMatch(
      /^tools\.codereveiw: there is no tool "codereveiw"; known tools: .*codereview/,
    );
    expect(refused({}, { EXAI_LOCALE: 'not a locale!' })).toEqual([
      'EXAI_LOCALE: "not a locale!" is not a locale; use a BCP 47 tag such as en, fr-FR or zh-Hans',
    ]);
    expect(() => config({ tools: { chat: { modle: 'x' } } })).toThrow();
  });
});
