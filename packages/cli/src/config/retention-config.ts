import { InvalidConfigError, type RetentionPolicy } from '@exai/core';
import { z } from 'zod';
import { parseInterval } from '../commands/parse-interval.js';

const duration = z
  .string()
  .trim()
  .regex(/^(?:\d+[smhd])+$/, 'a duration such as 30d, 400d, 12h or 1d12h');

/**
 * `retention` in exai.config.json: how long threads, usage records and audit events are kept
 * (`"threads": "30d"`, `"usage": "400d"`, `"audit": "400d"`). Absent keys keep records forever.
 */
export const retentionConfigSchema = z
  .strictObject({
    /** Threads not updated for this long are deleted, with their messages and workflow state. */
    threads: duration.optional(),
    /** Usage records older than this are deleted. */
    usage: duration.optional(),
    /** Audit events older than this are deleted. */
    audit: duration.optional(),
  })
  .optional();

const variables = {
  threads: 'EXAI_RETENTION_THREADS',
  usage: 'EXAI_RETENTION_USAGE',
  audit: 'EXAI_RETENTION_AUDIT',
} as const;

/**
 * The retention policy of `retention` in the config file, each entry overridden by its
 * environment variable (`EXAI_RETENTION_THREADS`, `EXAI_RETENTION_USAGE`, `EXAI_RETENTION_AUDIT`).
 * Applied by the expiry sweep of `exai serve` and by `exai gc`.
 */
export function retentionPolicy(
  config: { retention?: z.output<typeof retentionConfigSchema> },
  env: Readonly<Record<string, string | undefined>>,
): RetentionPolicy {
  const issues: string[] = [];
  const read = (key: keyof typeof variables): number | undefined => {
    const fromEnv = env[variables[key]]?.trim();
    const value = fromEnv === undefined || fromEnv === '' ? config.retention?.[key] : fromEnv;
    if (value === undefined) return undefined;
    const name = fromEnv ? variables[key] : `retention.${key}`;
    try {
      return parseInterval(name, value);
    } catch {
      issues.push(`${name}: "${value}" is not a duration such as 30d, 400d, 12h or 1d12h`);
      return undefined;
    }
  };
  const threadsInMs = read('threads');
  const usageInMs = read('usage');
  const auditInMs = read('audit');
  if (issues.length > 0) throw new InvalidConfigError({ source: 'the retention settings', issues });
  return {
    ...(threadsInMs !== undefined && { threadsInMs }),
    ...(usageInMs !== undefined && { usageInMs }),
    ...(auditInMs !== undefined && { auditInMs }),
  };
}

/** `30d`-style text for a retention age, for reports. */
export function describeAge(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
