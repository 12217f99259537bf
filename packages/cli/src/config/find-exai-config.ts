import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidConfigError } from '@exai/core';

export interface FindExaiConfigOptions {
  /** An explicit file (the CLI's `--config`); it must exist. */
  path?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  homeDirectory?: string;
}

/** Where the configuration is: a file, or inline JSON in `EXAI_CONFIG`. */
export type ExaiConfigLocation =
  { kind: 'file'; path: string } | { kind: 'inline'; text: string; source: 'EXAI_CONFIG (inline JSON)' };

/**
 * Finds the configuration without reading it. The first of these wins: `path`, the `EXAI_CONFIG`
 * environment variable (a file path, or inline JSON starting with `{`), `exai.config.json` in
 * `cwd`, then `$XDG_CONFIG_HOME/exai/exai.config.json` (default `~/.config`). `undefined` when
 * there is none (the defaults apply); an explicit path or `EXAI_CONFIG` naming a missing file is
 * an `InvalidConfigError`.
 */
export function findExaiConfig({
  path,
  env = process.env,
  cwd = process.cwd(),
  homeDirectory = homedir(),
}: FindExaiConfigOptions = {}): ExaiConfigLocation | undefined {
  if (path !== undefined) {
    const file = resolve(cwd, path);
    if (!existsSync(file)) {
      throw new InvalidConfigError({
        source: file,
        issues: ['file not found; check the --config path'],
      });
    }
    return { kind: 'file', path: file };
  }

  const fromEnv = env.EXAI_CONFIG?.trim();
  if (fromEnv) {
    if (fromEnv.startsWith('{'))
      return { kind: 'inline', text: fromEnv, source: 'EXAI_CONFIG (inline JSON)' };
    const file = resolve(cwd, fromEnv);
    if (!existsSync(file)) {
      throw new InvalidConfigError({
        source: `EXAI_CONFIG=${fromEnv}`,
        issues: ['file not found; point EXAI_CONFIG at an existing file, or unset it'],
      });
    }
    return { kind: 'file', path: file };
  }

  const configHome = env.XDG_CONFIG_HOME || join(homeDirectory, '.config');
  for (const candidate of [join(cwd, 'exai.config.json'), join(configHome, 'exai', 'exai.config.json')]) {
    if (existsSync(candidate)) return { kind: 'file', path: candidate };
  }
  return undefined;
}
