import { InvalidArgumentError } from '@exai/core';

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses an interval such as `30s`, `15m`, `1h`, `1d` or `1h30m` into milliseconds, at least one
 * second. Hand-written rather than a library: the accepted forms are few and a bare number
 * (seconds? milliseconds?) is refused on purpose.
 */
export function parseInterval(flag: string, value: string): number {
  const parts = /^(?:\d+[smhd])+$/.test(value.trim()) ? value.trim().match(/\d+[smhd]/g)! : [];
  const intervalInMs = parts.reduce(
    (sum, part) => sum + Number(part.slice(0, -1)) * units[part.slice(-1)]!,
    0,
  );
  if (parts.length === 0 || intervalInMs < 1_000) {
    throw new InvalidArgumentError({
      argument: flag,
      message: `${flag} expects an interval of at least 1s such as 30s, 15m, 1h, 1d or 1h30m, got "${value}"`,
    });
  }
  return intervalInMs;
}
