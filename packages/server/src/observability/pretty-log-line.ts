const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const reservedKeys = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'correlationId',
  'tenantId',
]);

/**
 * One pino JSON line as a short readable one: `12:03:04 WARN [correlation] message key=value`.
 * A few lines of code instead of `pino-pretty`, so start-up loads nothing more on a terminal.
 */
export function formatPrettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = levelNames[entry.level as number] ?? String(entry.level);
  const correlation = typeof entry.correlationId === 'string' ? ` [${entry.correlationId}]` : '';
  const extra = Object.entries(entry)
    .filter(([key]) => !reservedKeys.has(key))
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
  return `${time} ${level.padEnd(5)}${correlation} ${String(entry.msg ?? '')}${extra}\n`;
}
