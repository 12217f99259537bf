import { InvalidArgumentError } from '@exai/core';

/**
 * A date argument as ISO text for the RPC call. An invalid `Date` would serialize as `null` and
 * silently mean "no date", so it is refused here instead.
 */
export function optionalIsoDate(argument: string, value: Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidArgumentError({ argument, message: `\`${argument}\` must be a valid Date.` });
  }
  return value.toISOString();
}
