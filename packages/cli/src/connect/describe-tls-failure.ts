/**
 * Node's codes for a TLS handshake that failed: the daemon's certificate could not be verified, or
 * it does not speak TLS. The handshake comes before any byte of the request, so nothing was delivered.
 */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** Starts every reason {@link describeTlsFailure} gives (see `isTlsFailureReason`). */
const TLS_FAILURE_PREFIX = 'TLS handshake failed: ';

/**
 * Whether a failure's reason is one `describeTlsFailure` gave: the daemon is up but the handshake
 * failed, so messages built on it say what to change rather than to start the daemon.
 */
export function isTlsFailureReason(reason: string): boolean {
  return reason.startsWith(TLS_FAILURE_PREFIX);
}

/** Whether `code` (a Node error code) is a failed TLS handshake. */
export function isTlsHandshakeCode(code: unknown): boolean {
  return typeof code === 'string' && (CERTIFICATE_CODES.has(code) || NOT_TLS_CODES.has(code));
}

/** A one-line reason and what to do, for an error with a TLS handshake code; otherwise undefined. */
export function describeTlsFailure(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (!isTlsHandshakeCode(code)) return undefined;
  if (NOT_TLS_CODES.has(code as string)) {
    return `${TLS_FAILURE_PREFIX}the daemon does not speak TLS (${String(code)}); use an http:// URL, or start the daemon with --tls-cert and --tls-key`;
  }
  const detail = error instanceof Error ? error.message.split('\n')[0]!.trim() : String(code);
  return `${TLS_FAILURE_PREFIX}the daemon's certificate is not trusted (${detail}); give exai connect --ca with the PEM certificate of the CA that signed it (for a self-signed certificate, the certificate itself)`;
}
