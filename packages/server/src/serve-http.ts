import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkJsonRpcBatch } from './http/check-json-rpc-batch.js';
import { jsonRpcErrorCode, sendJson, sendJsonRpcError } from './http/json-rpc-error.js';
import type { McpRequestHandler } from './http/mcp-request-handler.js';
import { readJsonBody } from './http/read-json-body.js';
import {
  createRequestOriginGuard,
  defaultAllowedHosts,
  defaultAllowedOrigins,
  formatHostForHeader,
  type RequestOriginGuard,
} from './http/request-origin-guard.js';
import type { HttpServing, ServeHttpOptions } from './serve-http-options.js';
import { createSessionHandler } from './sessions/create-session-handler.js';
import { createStatelessHandler } from './stateless/create-stateless-handler.js';

const mebibyte = 1024 * 1024;

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
}

/** A request body cut off by its client (`aborted`, `ECONNRESET`): nothing to debug, no stack. */
function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && (error.message === 'aborted' || code === 'ECONNRESET');
}

/**
 * Serves MCP over Streamable HTTP (the MCP SDK's transport on `node:http`) and resolves once it is
 * listening. Every request to the endpoint passes the Host/Origin checks (DNS-rebinding protection)
 * and the body limit first; `GET /healthz` answers `{"status":"ok"}` for load balancers.
 */
export async function serveHttp({
  createServer,
  host = '127.0.0.1',
  port = 8765,
  path = '/mcp',
  stateless = false,
  sessionIdleTtlInMs = 30 * 60_000,
  maxSessions = 1000,
  allowedHosts,
  allowedOrigins,
  maxBodyBytes = 4 * mebibyte,
  sseHeartbeatIntervalInMs = 15_000,
  logger,
  resumableEvents,
}: ServeHttpOptions): Promise<HttpServing> {
  assertPositive('sessionIdleTtlInMs', sessionIdleTtlInMs);
  assertPositive('sseHeartbeatIntervalInMs', sseHeartbeatIntervalInMs);
  assertPositive('maxSessions', maxSessions);
  assertPositive('maxBodyBytes', maxBodyBytes);
  if (!path.startsWith('/')) throw new RangeError(`path must start with "/", got ${JSON.stringify(path)}`);
  const log = (line: string) => logger?.(line);
  const handler: McpRequestHandler = stateless
    ? createStatelessHandler({ createServer, sseHeartbeatIntervalInMs, log })
    : createSessionHandler({
        createServer,
        sessionIdleTtlInMs,
        maxSessions,
        sseHeartbeatIntervalInMs,
        log,
        resumableEvents,
      });
  let guard: RequestOriginGuard = () => 'Forbidden: the server is starting';

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = (request.url ?? '/').split('?', 1)[0];
    if (pathname === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      sendJson(response, 200, {
        status: 'ok',
        mode: stateless ? 'stateless' : 'stateful',
        sessions: handler.sessionCount(),
      });
      return;
    }
    if (pathname !== path) {
      sendJsonRpcError(response, {
        status: 404,
        code: jsonRpcErrorCode.transportError,
        message: `Not Found: MCP is served at ${path}`,
      });
      return;
    }
    const refusal = guard(request);
    if (refusal !== undefined) {
      log(`exai: refused ${request.method} ${path}: ${refusal}`);
      sendJsonRpcError(response, { status: 403, code: jsonRpcErrorCode.transportError, message: refusal });
      return;
    }
    if (request.method === 'POST') {
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
      const invalid = checkJsonRpcBatch(body.value);
      if (invalid !== undefined) {
        sendJsonRpcError(response, { status: 400, code: jsonRpcErrorCode.invalidRequest, message: invalid });
        return;
      }
      await handler.handle(request, response, body.value);
      return;
    }
    if (request.method === 'GET' || request.method === 'DELETE') {
      await handler.handle(request, response, undefined);
      return;
    }
    const allowed = stateless ? ['POST'] : ['GET', 'POST', 'DELETE'];
    sendJsonRpcError(response, {
      status: 405,
      code: jsonRpcErrorCode.transportError,
      message: `Method not allowed: ${request.method} (use ${allowed.join(', ')})`,
      headers: { allow: allowed.join(', ') },
    });
  }

  const server = createHttpServer(function handleHttpRequest(request, response) {
    route(request, response).catch((error: unknown) => {
      log(
        isClientAbort(error)
          ? `exai: ${request.method} ${request.url}: the client disconnected before sending the whole body`
          : `exai: ${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      sendJsonRpcError(response, {
        status: 500,
        code: jsonRpcErrorCode.transportError,
        message: 'Internal error while handling the request',
      });
    });
  });
  // Keep-alive connections outlive a typical load balancer's idle timeout (often 60 s).
  server.keepAliveTimeout = 65_000;
  // TCP keep-alive finds peers that vanished without closing (sleeping laptop, dropped network),
  // so their open GET streams end and their sessions can expire.
  server.on('connection', (socket) => socket.setKeepAlive(true, 30_000));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;
  const hosts = allowedHosts ?? defaultAllowedHosts(host, boundPort);
  guard = createRequestOriginGuard({
    allowedHosts: hosts,
    allowedOrigins: allowedOrigins ?? defaultAllowedOrigins(hosts),
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : formatHostForHeader(host);
  const url = `http://${urlHost}:${boundPort}${path}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    sessionCount: () => handler.sessionCount(),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await handler.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
