/** Fields that travel as ISO 8601 text and are `Date`s in records. */
const dateFields = new Set(['createdAt', 'updatedAt', 'expiresAt', 'revokedAt', 'lastUsedAt', 'at']);

/**
 * A record as the RPC functions return it (camelCase JSON, times as text, SQL nulls) turned into
 * the contract's shape: `Date`s for times, `undefined` for absent optional fields. Only top-level
 * fields change; JSON fields such as `metadata` stay as stored.
 */
export function reviveRecord<T>(row: unknown): T {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    record[key] =
      value === null ? undefined : dateFields.has(key) && typeof value === 'string' ? new Date(value) : value;
  }
  return record as T;
}

/** A record, or `undefined` when the function returned SQL null. */
export function reviveOptionalRecord<T>(row: unknown): T | undefined {
  return row === null || row === undefined ? undefined : reviveRecord<T>(row);
}

export function reviveRecords<T>(rows: unknown): T[] {
  return (rows as unknown[]).map((row) => reviveRecord<T>(row));
}
