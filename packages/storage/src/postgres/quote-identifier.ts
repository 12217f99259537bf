import { InvalidArgumentError } from '@exai/core';

/** A PostgreSQL identifier in double quotes, with embedded quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const plainSchemaName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Accepts schema names made of letters, digits and underscores (not starting with a digit).
 * They go into the connection's startup options, where anything else would need escaping.
 */
export function assertSchemaName(schema: string): void {
  if (!plainSchemaName.test(schema)) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: `The PostgreSQL schema name "${schema}" is not usable: use 1–63 letters, digits and underscores, not starting with a digit.`,
    });
  }
}
