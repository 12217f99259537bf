/** A date argument as ISO text for the RPC call (dates are checked by `withStoreInputChecks`). */
export function isoDate(value: Date | undefined): string | undefined {
  return value?.toISOString();
}
