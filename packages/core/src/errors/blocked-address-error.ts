import { ExaiError } from './exai-error.js';

const marker = 'exai.error.blocked-address';
const symbol = Symbol.for(marker);

export interface BlockedAddressErrorOptions {
  /** The endpoint as it may be shown: scheme, host and port (never credentials or a path). */
  endpoint: string;
  /** The address refused: the host itself, or what it resolved to. */
  address: string;
  /** Why the address is refused, e.g. `link-local`, `cloud metadata`. */
  reason: string;
  cause?: unknown;
}

/**
 * The transport refused to connect to a link-local or cloud metadata address: an endpoint base
 * URL must not reach the instance metadata service or other link-local services (server-side
 * request forgery). Not retryable; allowed only by `allowLinkLocalAddresses`.
 */
export class BlockedAddressError extends ExaiError {
  private readonly [symbol] = true;

  readonly endpoint: string;
  readonly address: string;
  readonly reason: string;

  constructor({ endpoint, address, reason, cause }: BlockedAddressErrorOptions) {
    super('blocked_address', {
      message:
        `Refused to connect to ${endpoint}: ${address} is a ${reason} address, which exai does not ` +
        'reach, to keep endpoint URLs from reading cloud metadata or other link-local services. If this ' +
        'endpoint really is meant to be there, set "transport": { "allowLinkLocalAddresses": true } in ' +
        'exai.config.json (or EXAI_ALLOW_LINK_LOCAL_ADDRESSES=1; the transport option allowLinkLocalAddresses).',
      cause,
      isRetryable: false,
    });
    this.name = 'BlockedAddressError';
    this.endpoint = endpoint;
    this.address = address;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is BlockedAddressError {
    return ExaiError.hasMarker(error, marker);
  }
}
