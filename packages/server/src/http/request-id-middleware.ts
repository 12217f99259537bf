import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { runWithCorrelation, type CorrelationContext } from '@exai/core';
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
 * Echoes the request's id in `X-Request-ID` and its correlation id in `X-Correlation-ID`, and runs
 * the rest of the chain in that correlation context (`@exai/core`), so every log line, provider
 * call and store write of the request can name it, with the caller's tenant once authenticated.
 */
export function createRequestIdMiddleware(): HttpMiddleware {
  return function requestIdMiddleware(context, next) {
    const correlationId = correlationIdOf(context.request, context.requestId);
    context.response.setHeader('x-request-id', context.requestId);
    context.response.setHeader('x-correlation-id', correlationId);
    const correlation: CorrelationContext = {
      correlationId,
      get tenantId() {
        return context.caller?.tenantId;
      },
    };
    return runWithCorrelation(correlation, next);
  };
}
