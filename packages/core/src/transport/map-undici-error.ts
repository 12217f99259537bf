import { BlockedAddressError } from '../errors/blocked-address-error.js';
import { endpointOf } from './refuse-blocked-host.js';
import {
  AbortedError,
  ExaiError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
} from '../errors/index.js';
import type { TransportTimeouts } from './transport.js';

export interface MapUndiciErrorContext {
  url: string;
  timeouts: TransportTimeouts;
  /** True while a streamed body is being iterated: the error can no longer be retried. */
  afterFirstByte?: boolean;
  /** The typed error the call was aborted with (caller abort or total deadline), if it was. */
  abortError?: ExaiError | undefined;
  /** Whether the call asked for a streamed response (`stream()`), for the timeout messages. */
  streamed?: boolean;
  /** The provider (or endpoint name) the call is for, for the messages that name it. */
  provider?: string;
}

const networkDescriptions: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused; check the base URL and that the upstream is running',
  ECONNRESET: 'the connection was reset by the upstream',
  EPIPE: 'the connection was closed while the request was being sent',
  ETIMEDOUT: 'the connection timed out at the operating-system level',
  ENOTFOUND: 'the host name could not be resolved; check the base URL',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  ECONNABORTED: 'the connection was aborted',
  UND_ERR_SOCKET: 'the upstream closed the connection',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response ended before its announced length',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the request body did not match its content-length',
  UND_ERR_HEADERS_OVERFLOW: 'the response headers were too large',
};

/**
 * Turns whatever undici (or the socket under it) threw into a typed exai error, by `code`:
 * connect/headers/body timeouts become `TimeoutError` with phase `connect`/`first-byte`/`idle`,
 * socket failures `NetworkError`, aborts `AbortedError` (or the call's own abort error). Errors that
 * already are exai errors pass through unchanged.
 */
export function mapUndiciError(error: unknown, context: MapUndiciErrorContext): ExaiError {
  if (BlockedAddressError.isInstance(error)) {
    // Refused at connect time, where only the host name is known: name the whole endpoint.
    const endpoint = endpointOf(context.url);
    const named = context.provider === undefined ? endpoint : `${context.provider} (${endpoint})`;
    return new BlockedAddressError({ ...error, endpoint: named, cause: error.cause });
  }
  if (ExaiError.isInstance(error)) return error;
  const { url, timeouts, afterFirstByte = false, abortError, streamed } = context;
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TimeoutError({
        phase: 'connect',
        timeoutInMs: timeouts.connectInMs,
        url,
        streamed,
        cause: error,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TimeoutError({
        phase: 'first-byte',
        timeoutInMs: timeouts.firstByteInMs,
        url,
        streamed,
        cause: error,
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return new TimeoutError({
        phase: 'idle',
        timeoutInMs: timeouts.idleInMs,
        url,
        afterFirstByte,
        streamed,
        cause: error,
      });
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_ABORT':
    case 'ABORT_ERR':
      return abortError ?? new AbortedError({ cause: error });
    case 'UND_ERR_INVALID_ARG':
    case 'ERR_INVALID_URL':
      return new InvalidArgumentError({
        argument: 'options',
        message: `The request to ${url} is invalid: ${messageOf(error)}`,
        cause: error,
      });
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return transportClosedError(url, error);
  }
  if (isAbortError(error)) return abortError ?? new AbortedError({ cause: error });
  if (
    code !== undefined &&
    (code in networkDescriptions || /^E[A-Z]+$/.test(code) || code.startsWith('HPE_'))
  ) {
    const what = networkDescriptions[code] ?? messageOf(error);
    const when = afterFirstByte
      ? ' after part of the response was received; the stream cannot be resumed'
      : '';
    return new NetworkError({
      message: `Request to ${url} failed: ${what}${when} (${code}).`,
      url,
      systemCode: code,
      afterFirstByte,
      cause: error,
    });
  }
  return new ExaiError('transport_error', {
    message: `Request to ${url} failed: ${messageOf(error)}`,
    cause: error,
  });
}

/** The error of a call made to, or cut short by, a closed transport. */
export function transportClosedError(url: string, cause?: unknown): ExaiError {
  return new ExaiError('transport_closed', {
    message: `The transport was closed; the request to ${url} was not completed. Create a new transport.`,
    cause,
  });
}

function errorCode(error: unknown): string | undefined {
  if (error == null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (several addresses) fail with an AggregateError of per-address errors.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return undefined;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
