import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpMiddleware } from './http-middleware.js';

const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `X-Request-ID` when it is short and plain, else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && saneRequestId.test(value) ? value : randomUUID();
}

/** Echoes the request's id in `X-Request-ID`, so a client and the logs can name the same request. */
export function createRequestIdMiddleware(): HttpMiddleware {
  return async function requestIdMiddleware(context, next) {
    context.response.setHeader('x-request-id', context.requestId);
    await next();
  };
}
