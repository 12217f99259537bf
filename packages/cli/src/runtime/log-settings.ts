import { InvalidConfigError } from '@exai/core';
import { logLevels, type LogLevel } from '@exai/server/logging';
import type { ExaiConfig } from '../config/exai-config-schema.js';

/** The log level: `EXAI_LOG_LEVEL`, else `logLevel` in the file, else `info`. */
export function logLevelOf(config: Pick<ExaiConfig, 'logLevel'>, env: NodeJS.ProcessEnv): LogLevel {
  const fromEnvironment = env.EXAI_LOG_LEVEL?.trim().toLowerCase();
  if (fromEnvironment === undefined || fromEnvironment === '') return config.logLevel ?? 'info';
  if ((logLevels as readonly string[]).includes(fromEnvironment)) return fromEnvironment as LogLevel;
  throw new InvalidConfigError({
    source: 'EXAI_LOG_LEVEL',
    issues: [`"${env.EXAI_LOG_LEVEL}" is not a log level; use one of ${logLevels.join(', ')}`],
  });
}
