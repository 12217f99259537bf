import { randomUUID } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestInfo } from '@modelcontextprotocol/sdk/types.js';

const sane = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id that ties a tool call's audit record to the daemon's log lines: the HTTP request id the
 * middleware chain gave the request (`authInfo.extra.requestId`, else the request's
 * `X-Request-ID` header when it is sane), or a fresh one for stdio and hand-built calls.
 */
export function correlationIdOf(extra: {
  authInfo?: AuthInfo | undefined;
  requestInfo?: RequestInfo | undefined;
}): string {
  const fromChain = extra.authInfo?.extra?.requestId;
  if (typeof fromChain === 'string' && sane.test(fromChain)) return fromChain;
  const header = extra.requestInfo?.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value === 'string' && sane.test(value)) return value;
  return randomUUID();
}
