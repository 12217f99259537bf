import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpMiddleware } from './http-middleware.js';

const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

function saneHeader(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers[name];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && saneRequestId.test(value) ? value : undefined;
}

/** The client's `X-Request-ID` when it is short and plain, else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  return saneHeader(request, 'x-request-id') ?? randomUUID();
}

/** The client's `X-Correlation-ID` when it is short and plain, else the request's id. */
export function correlationIdOf(request: IncomingMessage, requestId: string): string {
  return saneHeader(request, 'x-correlation-id') ?? requestId;
}

/**
 * Echoes the request's id in `X-Request-ID` and its correlation id in `X-Correlation-ID`, and
 * keeps the correlation id on the context: the MCP step hands it to the tool call (in
 * `authInfo.extra`), whose log lines, audit record and telemetry name it, and the chain's own
 * log lines carry it as a field. It is passed along explicitly rather than through an
 * `AsyncLocalStorage`, which on Node 20 costs every promise of every request a hook.
 */
export function createRequestIdMiddleware(): HttpMiddleware {
  return function requestIdMiddleware(context, next) {
    const correlationId = correlationIdOf(context.request, context.requestId);
    context.response.setHeader('x-request-id', context.requestId);
    context.response.setHeader('x-correlation-id', correlationId);
    context.correlationId = correlationId;
    return next();
  };
}
