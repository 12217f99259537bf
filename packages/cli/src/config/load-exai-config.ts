import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidConfigError } from '@exai/core';
import { exaiConfigSchema, type ExaiConfig } from './exai-config-schema.js';
import { formatConfigIssues } from './format-config-issues.js';
import { findJsonSyntaxError } from './json-syntax-error-position.js';

export interface LoadExaiConfigOptions {
  /** An explicit file (the CLI's `--config`); it must exist. */
  path?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  homeDirectory?: string;
}

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

/**
 * Finds and validates the configuration. The first of these wins: `path`, the `EXAI_CONFIG`
 * environment variable (a file path, or inline JSON starting with `{`), `exai.config.json` in
 * `cwd`, then `$XDG_CONFIG_HOME/exai/exai.config.json` (default `~/.config`). Without any,
 * the defaults apply: every builtin provider, keys from the environment.
 */
export function loadExaiConfig({
  path,
  env = process.env,
  cwd = process.cwd(),
  homeDirectory = homedir(),
}: LoadExaiConfigOptions = {}): LoadedExaiConfig {
  if (path !== undefined) {
    const file = resolve(cwd, path);
    if (!existsSync(file)) {
      throw new InvalidConfigError({
        source: file,
        issues: ['file not found; check the --config path'],
      });
    }
    return { config: parseExaiConfig(readConfigFile(file, file), file), source: file };
  }

  const fromEnv = env.EXAI_CONFIG?.trim();
  if (fromEnv) {
    if (fromEnv.startsWith('{')) {
      const source = 'EXAI_CONFIG (inline JSON)';
      return { config: parseExaiConfig(parseJson(fromEnv, source), source), source: 'EXAI_CONFIG' };
    }
    const file = resolve(cwd, fromEnv);
    if (!existsSync(file)) {
      throw new InvalidConfigError({
        source: `EXAI_CONFIG=${fromEnv}`,
        issues: ['file not found; point EXAI_CONFIG at an existing file, or unset it'],
      });
    }
    return { config: parseExaiConfig(readConfigFile(file, file), file), source: file };
  }

  const configHome = env.XDG_CONFIG_HOME || join(homeDirectory, '.config');
  for (const candidate of [join(cwd, 'exai.config.json'), join(configHome, 'exai', 'exai.config.json')]) {
    if (existsSync(candidate)) {
      return { config: parseExaiConfig(readConfigFile(candidate, candidate), candidate), source: candidate };
    }
  }
  return { config: parseExaiConfig({}, 'the defaults'), source: undefined };
}
