import { randomUUID } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestInfo } from '@modelcontextprotocol/sdk/types.js';

const sane = /^[A-Za-z0-9._:-]{1,128}$/;

function saneString(value: unknown): string | undefined {
  return typeof value === 'string' && sane.test(value) ? value : undefined;
}

function saneHeader(requestInfo: RequestInfo | undefined, name: string): string | undefined {
  const header = requestInfo?.headers[name];
  return saneString(Array.isArray(header) ? header[0] : header);
}

/**
 * The id that ties a tool call's audit record to the daemon's log lines: the correlation id the
 * HTTP middleware chain gave the request (`authInfo.extra.correlationId`, else its
 * `requestId`), else the request's sane `X-Correlation-ID` or `X-Request-ID` header, or a fresh
 * one for stdio and hand-built calls.
 */
export function correlationIdOf(extra: {
  authInfo?: AuthInfo | undefined;
  requestInfo?: RequestInfo | undefined;
}): string {
  const chain = extra.authInfo?.extra;
  return (
    saneString(chain?.correlationId) ??
    saneString(chain?.requestId) ??
    saneHeader(extra.requestInfo, 'x-correlation-id') ??
    saneHeader(extra.requestInfo, 'x-request-id') ??
    randomUUID()
  );
}
