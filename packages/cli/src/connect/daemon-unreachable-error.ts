import { describeTlsFailure } from './describe-tls-failure.js';

/** No HTTP response came back from the daemon (refused, reset, DNS, TLS): the message was not delivered. */
export class DaemonUnreachableError extends Error {
  constructor({ url, cause }: { url: string; cause: unknown }) {
    super(`cannot reach ${url}: ${describeNetworkFailure(cause)}`, { cause });
    this.name = 'DaemonUnreachableError';
  }

  /** A short reason, e.g. `connect ECONNREFUSED 127.0.0.1:8765`. */
  get reason(): string {
    return describeNetworkFailure(this.cause);
  }
}

function describeNetworkFailure(error: unknown): string {
  // fetch rejects with a bare "fetch failed"; the useful part is in its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const tlsFailure = describeTlsFailure(cause);
  if (tlsFailure !== undefined) return tlsFailure;
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) return cause.errors[0].message;
  return cause instanceof Error ? cause.message : String(cause);
}
