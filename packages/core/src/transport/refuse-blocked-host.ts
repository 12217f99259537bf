import { BlockedAddressError } from '../errors/blocked-address-error.js';
import { blockedHostReason } from './blocked-addresses.js';

/** Scheme, host and port of a URL: how an endpoint is named in errors (no credentials, no path). */
export function endpointOf(url: string | URL): string {
  try {
    return new URL(url).origin;
  } catch {
    return String(url);
  }
}

/**
 * Throws `BlockedAddressError` for a URL whose host is a link-local or metadata address or name,
 * naming the endpoint as `provider (origin)`.
 */
export function refuseBlockedHost(url: URL, provider: string): void {
  const reason = blockedHostReason(url.hostname);
  if (reason !== undefined) {
    throw new BlockedAddressError({ endpoint: `${provider} (${url.origin})`, address: url.hostname, reason });
  }
}
