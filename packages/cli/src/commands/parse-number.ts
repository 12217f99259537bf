import { CliUsageError } from '../output/cli-error.js';

/** Parses a numeric flag, naming the flag when the value is not a number in range. */
export function parseNumberFlag(
  flag: string,
  value: string,
  { min, max, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const number = Number(value);
  const valid =
    value.trim() !== '' &&
    Number.isFinite(number) &&
    (!integer || Number.isInteger(number)) &&
    (min === undefined || number >= min) &&
    (max === undefined || number <= max);
  if (!valid) {
    const range = [min !== undefined && `≥ ${min}`, max !== undefined && `≤ ${max}`]
      .filter(Boolean)
      .join(' and ');
    throw new CliUsageError(
      `${flag} expects ${integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}, got "${value}".`,
    );
  }
  return number;
}
