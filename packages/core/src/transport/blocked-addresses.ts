import { BlockList, isIP } from 'node:net';

/**
 * The addresses an endpoint may not reach unless `allowLinkLocalAddresses` is set: link-local
 * ranges (where cloud instance metadata services live) and the metadata services' own addresses
 * and names. Loopback and private ranges stay reachable: Ollama, vLLM and test upstreams live there.
 */
const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

const metadata = new BlockList();
/** AWS (IPv6), EC2 IMDS on Nitro. */
metadata.addAddress('fd00:ec2::254', 'ipv6');
/** Alibaba Cloud's metadata service. */
metadata.addAddress('100.100.100.200', 'ipv4');

/** Host names of cloud metadata services (lower case, without a trailing dot). */
const metadataHostNames = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
  'metadata.packet.net',
  'metadata.platformequinix.com',
]);

/** An IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) as the IPv4 address it carries. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

/**
 * Verdicts already reached, by address or host name as given: a `BlockList` check builds a
 * `SocketAddress` each time, and a process talks to the same few hosts call after call. Bounded:
 * when full it starts over, so a stream of distinct names cannot grow it.
 */
const maxRemembered = 256;
const addressVerdicts = new Map<string, string | null>();
const hostVerdicts = new Map<string, string | null>();

function remember(verdicts: Map<string, string | null>, key: string, reason: string | undefined): void {
  if (verdicts.size >= maxRemembered) verdicts.clear();
  verdicts.set(key, reason ?? null);
}

function checkAddress(address: string): string | undefined {
  const plain = unmapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(plain);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (metadata.check(plain, type) || plain === '169.254.169.254') return 'cloud metadata';
  if (linkLocal.check(plain, type)) return 'link-local';
  return undefined;
}

/** Why an IP address may not be reached (`link-local`, `cloud metadata`), or undefined when it may. */
export function blockedAddressReason(address: string): string | undefined {
  const known = addressVerdicts.get(address);
  if (known !== undefined) return known ?? undefined;
  const reason = checkAddress(address);
  remember(addressVerdicts, address, reason);
  return reason;
}

/**
 * Why a URL's host may not be reached before any lookup: an IP literal in a blocked range, or a
 * metadata service's name. Names that resolve to a blocked address are caught at connect time.
 */
export function blockedHostReason(hostname: string): string | undefined {
  const known = hostVerdicts.get(hostname);
  if (known !== undefined) return known ?? undefined;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const reason = metadataHostNames.has(host) ? 'cloud metadata' : blockedAddressReason(host);
  remember(hostVerdicts, hostname, reason);
  return reason;
}
