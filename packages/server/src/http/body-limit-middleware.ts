import { checkJsonRpcBatch } from './check-json-rpc-batch.js';
import { checkJsonRpcMessages } from './check-json-rpc-messages.js';
import type { HttpMiddleware } from './http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';
import { readJsonBody } from './read-json-body.js';

/**
 * Reads a POST's JSON body into `context.body`: larger than `maxBodyBytes` is 413, not JSON is a
 * parse error, an empty batch or one with a repeated id is an invalid request. Other methods pass.
 */
export function createBodyLimitMiddleware({ maxBodyBytes }: { maxBodyBytes: number }): HttpMiddleware {
  return async function bodyLimitMiddleware(context, next) {
    const { request, response } = context;
    if (request.method !== 'POST') {
      await next();
      return;
    }
    const body = await readJsonBody(request, maxBodyBytes);
    if (body.kind === 'too-large') {
      sendJsonRpcError(response, {
        status: 413,
        code: jsonRpcErrorCode.transportError,
        message: `Payload Too Large: request body must not exceed ${maxBodyBytes} bytes`,
        headers: { connection: 'close' },
      });
      return;
    }
    if (body.kind === 'malformed') {
      sendJsonRpcError(response, {
        status: 400,
        code: jsonRpcErrorCode.parseError,
        message: `Parse error: the request body is not valid JSON (${body.message})`,
      });
      return;
    }
    const wrongShape = checkJsonRpcMessages(body.value);
    if (wrongShape !== undefined) {
      sendJsonRpcError(response, { status: 400, ...wrongShape });
      return;
    }
    const invalid = checkJsonRpcBatch(body.value);
    if (invalid !== undefined) {
      sendJsonRpcError(response, { status: 400, code: jsonRpcErrorCode.invalidRequest, message: invalid });
      return;
    }
    context.body = body.value;
    await next();
  };
}
