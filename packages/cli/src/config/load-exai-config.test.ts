import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { InvalidConfigError } from '@exai/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExaiConfig } from './default-exai-config.js';
import { findJsonSyntaxError } from './json-syntax-error-position.js';
import { loadExaiConfig, parseExaiConfig } from './load-exai-config.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-config-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function configError(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('loadExaiConfig', () => {
  it('uses the defaults when no file exists', () => {
    const { config, source } = loadExaiConfig({ cwd: directory, homeDirectory: directory, env: {} });
    expect(source).toBeUndefined();
    expect(config.providers).toEqual({});
    expect(config.endpoints).toEqual({});
  });

  it('has defaults equal to what the schema makes of an empty configuration', () => {
    expect(defaultExaiConfig()).toStrictEqual(parseExaiConfig({}, 'test'));
    expect(defaultExaiConfig()).not.toBe(defaultExaiConfig());
  });

  it('reads exai.config.json from the working directory, with defaults applied', () => {
    writeFileSync(
      join(directory, 'exai.config.json'),
      JSON.stringify({
        endpoints: {
          'vllm-local': {
            baseURL: 'http://127.0.0.1:8000/v1',
            requiresApiKey: false,
            models: [{ id: 'qwen' }],
          },
        },
      }),
    );
    const { config, source } = loadExaiConfig({ cwd: directory, homeDirectory: directory, env: {} });
    expect(source).toBe(join(directory, 'exai.config.json'));
    const endpoint = config.endpoints['vllm-local'];
    expect(endpoint?.enabled).toBe(true);
    expect(endpoint?.models?.[0]).toMatchObject({
      id: 'qwen',
      contextWindow: 32_768,
      maxOutputTokens: 8_192,
    });
  });

  it('prefers EXAI_CONFIG over the working directory, and accepts inline JSON', () => {
    writeFileSync(join(directory, 'exai.config.json'), JSON.stringify({ defaultModel: 'from-cwd' }));
    const other = join(directory, 'other.json');
    writeFileSync(other, JSON.stringify({ defaultModel: 'from-env-file' }));
    expect(loadExaiConfig({ cwd: directory, env: { EXAI_CONFIG: other } }).config.defaultModel).toBe(
      'from-env-file',
    );
    expect(
      loadExaiConfig({ cwd: directory, env: { EXAI_CONFIG: '{"defaultModel":"inline"}' } }).config
        .defaultModel,
    ).toBe('inline');
  });

  it('finds the XDG config file last', () => {
    mkdirSync(join(directory, 'xdg', 'exai'), { recursive: true });
    writeFileSync(
      join(directory, 'xdg', 'exai', 'exai.config.json'),
      JSON.stringify({ defaultModel: 'xdg' }),
    );
    const loaded = loadExaiConfig({ cwd: directory, env: { XDG_CONFIG_HOME: join(directory, 'xdg') } });
    expect(loaded.config.defaultModel).toBe('xdg');
  });

  it('names a missing explicit file and the flag to fix', () => {
    const error = configError(() => loadExaiConfig({ path: 'nope.json', cwd: directory, env: {} }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(join(directory, 'nope.json'));
    expect(error.message).toContain('--config');
  });

  it('names a missing EXAI_CONFIG file', () => {
    const error = configError(() => loadExaiConfig({ cwd: directory, env: { EXAI_CONFIG: 'missing.json' } }));
    expect(error.message).toContain('EXAI_CONFIG=missing.json');
  });

  it('reports broken JSON', () => {
    writeFileSync(join(directory, 'exai.config.json'), '{ "providers": ');
    const error = configError(() => loadExaiConfig({ cwd: directory, env: {} }));
    expect(error.message).toContain('not valid JSON at line 1, column 16');
  });

  it('reports where broken JSON breaks without quoting it, so an unquoted key never shows', () => {
    const text = '{\n  "providers": {\n    "kimi": { "apiKey": sk-SECRET-123 }\n  }\n}\n';
    writeFileSync(join(directory, 'exai.config.json'), text);
    const error = configError(() => loadExaiConfig({ cwd: directory, env: {} }));
    expect(error.message).toContain('not valid JSON at line 3, column 25');
    expect(inspect(error, { depth: 5 })).not.toContain('SECRET');
    const offsets: Array<[string, number]> = [
      ['{"a": 1,}', 8],
      ['[1, 2', 5],
      ['{"a" 1}', 5],
      ['{"a": "x\\q"}', 8],
      ['{"a": -}', 6],
      ['[1] x', 4],
      ['"\\u12"', 1],
    ];
    for (const [broken, offset] of offsets) expect(findJsonSyntaxError(broken)?.offset, broken).toBe(offset);
    expect(findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}')).toBeUndefined();
  });
});

describe('parseExaiConfig', () => {
  it('names every bad key and what to do', () => {
    const error = configError(() =>
      parseExaiConfig(
        {
          providers: { kimi: { baseURL: 'moonshot', apikey: 'x' }, nope: {} },
          endpoints: { 'Bad Name': { baseURL: 'http://127.0.0.1:1/v1' }, local: {} },
          transport: { timeouts: { totalInMs: -5 } },
        },
        'test.json',
      ),
    );
    const text = error.issues.join('\n');
    expect(text).toContain('providers.kimi.baseURL: expected an http(s) URL');
    expect(text).toContain('providers.kimi.apikey: unknown key');
    expect(text).toContain('providers.nope: unknown key');
    expect(text).toContain(
      'endpoints.Bad Name: endpoint names are lower-case letters, digits and dashes (rename it)',
    );
    expect(text).toContain('endpoints.local.baseURL: required');
    expect(text).toContain('transport.timeouts.totalInMs');
    expect(error.message).toContain('test.json');
  });

  it('rejects an apiKeyEnv that is not a variable name', () => {
    const error = configError(() => parseExaiConfig({ providers: { glm: { apiKeyEnv: 'my key' } } }, 'x'));
    expect(error.issues.join('\n')).toContain(
      'providers.glm.apiKeyEnv: expected the name of an environment variable, such as MY_KIMI_KEY',
    );
  });
});

describe('custom endpoints', () => {
  it('refuses an endpoint named like a builtin provider, and one that needs a key it cannot find', () => {
    const error = configError(() =>
      parseExaiConfig(
        {
          endpoints: {
            kimi: { baseURL: 'http://127.0.0.1:1/v1', requiresApiKey: false },
            team: { baseURL: 'http://127.0.0.1:2/v1' },
          },
        },
        'x',
      ),
    );
    const text = error.issues.join('\n');
    expect(text).toContain('endpoints.kimi: "kimi" is a builtin provider');
    expect(text).toContain('endpoints.team.apiKeyEnv: the endpoint requires a key');
  });
});

describe('secrets in configuration errors', () => {
  it('never repeats a key given where a variable name belongs, and says what happened', () => {
    const error = configError(() =>
      parseExaiConfig({ providers: { kimi: { apiKeyEnv: 'sk-live-SUPERSECRETKEY0123456789' } } }, 'x'),
    );
    expect(error.message).not.toContain('SUPERSECRET');
    expect(error.message).toContain('this looks like a key, not the name of an environment variable');
  });

  it('does not echo header values or keys', () => {
    const error = configError(() =>
      parseExaiConfig({ providers: { glm: { apiKey: 42, headers: { authorization: 12345678901 } } } }, 'x'),
    );
    expect(error.message).not.toContain('12345678901');
    expect(error.message).not.toContain('42');
    expect(error.message).toContain('providers.glm.apiKey');
  });
});
