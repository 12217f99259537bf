import { readFileSync } from 'node:fs';
import { InvalidConfigError } from '@exai/core';
import { defaultExaiConfig } from './default-exai-config.js';
import { exaiConfigSchema, type ExaiConfig } from './exai-config-schema.js';
import { formatConfigIssues } from './format-config-issues.js';
import { findExaiConfig, type ExaiConfigLocation, type FindExaiConfigOptions } from './find-exai-config.js';
import { findJsonSyntaxError } from './json-syntax-error-position.js';

export type LoadExaiConfigOptions = FindExaiConfigOptions;

export interface LoadedExaiConfig {
  config: ExaiConfig;
  /** Where it came from: a file path, `EXAI_CONFIG` (inline JSON), or undefined for the defaults. */
  source: string | undefined;
}

/** Validates an already-parsed configuration value. */
export function parseExaiConfig(value: unknown, source: string): ExaiConfig {
  const result = exaiConfigSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidConfigError({ source, issues: formatConfigIssues(result.error.issues, value) });
  }
  return result.data;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Never JSON.parse's message (nor the error as cause): it quotes the text, which may hold a key.
    const position = findJsonSyntaxError(text);
    const where = position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
    throw new InvalidConfigError({
      source,
      issues: [`not valid JSON${where}; fix the syntax there (a JSON linter shows the problem)`],
    });
  }
}

function readConfigFile(path: string, source: string): unknown {
  try {
    return parseJson(readFileSync(path, 'utf8'), source);
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) throw error;
    throw new InvalidConfigError({
      source,
      issues: [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`],
      cause: error,
    });
  }
}

/** Reads and validates the configuration at a location `findExaiConfig` returned. */
export function readExaiConfig(location: ExaiConfigLocation): LoadedExaiConfig {
  if (location.kind === 'inline') {
    const { text, source } = location;
    return { config: parseExaiConfig(parseJson(text, source), source), source: 'EXAI_CONFIG' };
  }
  const file = location.path;
  return { config: parseExaiConfig(readConfigFile(file, file), file), source: file };
}

/**
 * Finds and validates the configuration. The first of these wins: `path`, the `EXAI_CONFIG`
 * environment variable (a file path, or inline JSON starting with `{`), `exai.config.json` in
 * `cwd`, then `$XDG_CONFIG_HOME/exai/exai.config.json` (default `~/.config`). Without any,
 * the defaults apply: every builtin provider, keys from the environment.
 */
export function loadExaiConfig(options: LoadExaiConfigOptions = {}): LoadedExaiConfig {
  const location = findExaiConfig(options);
  return location === undefined
    ? { config: defaultExaiConfig(), source: undefined }
    : readExaiConfig(location);
}
