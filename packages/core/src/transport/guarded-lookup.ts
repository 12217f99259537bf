import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockedAddressError } from '../errors/blocked-address-error.js';
import { blockedAddressReason } from './blocked-addresses.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The shape of `dns.lookup` that `net.connect` calls (with `all: true` when it races families). */
export type ConnectLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for `net.connect` that refuses a host resolving to a link-local or cloud metadata
 * address, at connect time: the check runs on the very addresses the socket is about to use, so a
 * name that resolved harmlessly once and then to a metadata address (DNS rebinding) is still caught.
 */
export function createGuardedLookup(
  lookup: ConnectLookup = dnsLookup as unknown as ConnectLookup,
): ConnectLookup {
  return function guardedLookup(hostname, options, callback) {
    lookup(hostname, options, (error, address, family) => {
      if (error) {
        callback(error, address, family);
        return;
      }
      const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
      for (const candidate of addresses) {
        const reason = blockedAddressReason(candidate);
        if (reason !== undefined) {
          const blocked = new BlockedAddressError({ endpoint: hostname, address: candidate, reason });
          callback(blocked as unknown as NodeJS.ErrnoException, address, family);
          return;
        }
      }
      callback(null, address, family);
    });
  };
}
