import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { answerFailedRequest } from './http/answer-failed-request.js';
import { createAuthMiddleware } from './http/auth-middleware.js';
import { createBodyLimitMiddleware } from './http/body-limit-middleware.js';
import { createDashboardMiddleware } from './http/dashboard-middleware.js';
import {
  createEndpointRoutesMiddleware,
  protectedResourceMetadataPath,
} from './http/endpoint-routes-middleware.js';
import { composeMiddleware, type HttpContext, type HttpMiddleware } from './http/http-middleware.js';
import { jsonRpcErrorCode, sendJsonRpcError } from './http/json-rpc-error.js';
import { isLoopbackHost } from './http/loopback-host.js';
import { createMcpMiddleware } from './http/mcp-middleware.js';
import { createMemoryCancelRegistry, type LogFields } from '@exai/mcp';
import { createDrainGate } from './http/drain-gate.js';
import { createDrainMiddleware, createHealthProbesMiddleware } from './http/drain-middleware.js';
import { createMetricsMiddleware } from './http/metrics-middleware.js';
import type { McpRequestHandler } from './http/mcp-request-handler.js';
import { createOriginGuardMiddleware } from './http/origin-guard-middleware.js';
import { createRequestIdMiddleware, requestIdOf } from './http/request-id-middleware.js';
import {
  createRequestOriginGuard,
  defaultAllowedHosts,
  defaultAllowedOrigins,
  formatHostForHeader,
} from './http/request-origin-guard.js';
import type { HttpServing, ServeHttpOptions } from './serve-http-options.js';
import { createSessionHandler } from './sessions/create-session-handler.js';
import { createStatelessHandler } from './stateless/create-stateless-handler.js';
import { listenServer } from './http/listen-server.js';

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
 * Serves MCP over Streamable HTTP (the MCP SDK's transport on `node:http`, or `node:https` with
 * `tls`) and resolves once it is listening. Each request passes one visible chain of middleware:
 * request id (and correlation id) → health probes (`/livez`, `/readyz`) → `GET /metrics` (when
 * `metrics` is given) → `/dashboard` (when `dashboard` is given) → other routes (`GET /healthz`,
 * protected-resource metadata) → Host/Origin checks (DNS-rebinding protection) → authentication →
 * body limit (reads a POST's body) → limits → drain gate → MCP.
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
  auth,
  localTenantId = 'default',
  limits,
  tls,
  cancelRegistry,
  checkReady,
  resumableEvents,
  metrics,
  dashboard,
  logger,
}: ServeHttpOptions): Promise<HttpServing> {
  assertPositive('sessionIdleTtlInMs', sessionIdleTtlInMs);
  assertPositive('sseHeartbeatIntervalInMs', sseHeartbeatIntervalInMs);
  assertPositive('maxSessions', maxSessions);
  assertPositive('maxBodyBytes', maxBodyBytes);
  if (!path.startsWith('/')) throw new RangeError(`path must start with "/", got ${JSON.stringify(path)}`);
  if (auth === undefined && !isLoopbackHost(host))
    throw new RangeError(
      `serving ${host} needs authentication (auth): without it only a loopback host (127.0.0.1, ::1, localhost) is allowed`,
    );
  const log = (line: string, fields?: LogFields) => logger?.(line, fields);
  const handler: McpRequestHandler = stateless
    ? createStatelessHandler({
        createServer,
        sseHeartbeatIntervalInMs,
        cancels: cancelRegistry ?? createMemoryCancelRegistry(),
        log,
      })
    : createSessionHandler({
        createServer,
        sessionIdleTtlInMs,
        maxSessions,
        sseHeartbeatIntervalInMs,
        log,
        resumableEvents,
        localTenantId,
      });
  const drain = createDrainGate();
  const scheme = tls === undefined ? 'http' : 'https';
  const protectedResource = auth?.protectedResource;
  const metadataUrl = (requestHost: string | undefined) =>
    `${scheme}://${requestHost ?? 'localhost'}${protectedResourceMetadataPath}${path}`;
  let handleRequest = async ({ response }: HttpContext): Promise<void> =>
    sendJsonRpcError(response, {
      status: 503,
      code: jsonRpcErrorCode.transportError,
      message: 'Service Unavailable: the server is starting',
    });

  function onRequest(request: IncomingMessage, response: ServerResponse): void {
    const context: HttpContext = {
      request,
      response,
      requestId: requestIdOf(request),
      pathname: (request.url ?? '/').split('?', 1)[0]!,
    };
    handleRequest(context).catch((error: unknown) => {
      const fields = { correlationId: context.correlationId ?? context.requestId };
      const what = `${request.method} ${request.url} (request ${context.requestId})`;
      if (isClientAbort(error)) {
        log(
          `exai: ${request.method} ${request.url}: the client disconnected before sending the whole body`,
          fields,
        );
      }
      answerFailedRequest(response, error, {
        requestId: context.requestId,
        log: (line) => log(`exai: ${what} ${line}`, fields),
        logged: isClientAbort(error),
      });
    });
  }
  const server =
    tls === undefined
      ? createHttpServer(onRequest)
      : createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, onRequest);
  // Keep-alive connections outlive a typical load balancer's idle timeout (often 60 s).
  server.keepAliveTimeout = 65_000;
  // TCP keep-alive finds peers that vanished without closing (sleeping laptop, dropped network),
  // so their open GET streams end and their sessions can expire.
  server.on(tls === undefined ? 'connection' : 'secureConnection', (socket) =>
    socket.setKeepAlive(true, 30_000),
  );

  const boundPort = await listenServer(server, port, host);
  const hosts = allowedHosts ?? defaultAllowedHosts(host, boundPort);
  const originGuard = createOriginGuardMiddleware({
    guard: createRequestOriginGuard({
      allowedHosts: hosts,
      allowedOrigins: allowedOrigins ?? defaultAllowedOrigins(hosts),
    }),
    log,
  });
  const authMiddleware = createAuthMiddleware({
    authenticator: auth?.authenticator,
    localTenantId,
    ...(protectedResource !== undefined && { resourceMetadataUrl: metadataUrl }),
    log,
  });
  const chain: HttpMiddleware[] = [
    createRequestIdMiddleware(),
    createHealthProbesMiddleware({ drain, ...(checkReady && { checkReady }) }),
    ...(metrics === undefined
      ? []
      : [
          createMetricsMiddleware({
            metrics: metrics.metrics,
            isPublic: metrics.public === true,
            guards: [originGuard, authMiddleware],
          }),
        ]),
    ...(dashboard === undefined
      ? []
      : [
          createDashboardMiddleware({
            dashboard,
            originGuard,
            auth: authMiddleware,
            authRequired: auth !== undefined,
            log,
          }),
        ]),
    createEndpointRoutesMiddleware({
      path,
      health: () => ({
        status: 'ok',
        mode: stateless ? 'stateless' : 'stateful',
        sessions: handler.sessionCount(),
      }),
      ...(protectedResource !== undefined && {
        protectedResourceMetadata: (requestHost) => ({
          resource: protectedResource.resource ?? `${scheme}://${requestHost ?? 'localhost'}${path}`,
          authorization_servers: protectedResource.authorizationServers,
          bearer_methods_supported: ['header'],
        }),
      }),
    }),
    originGuard,
    authMiddleware,
    createBodyLimitMiddleware({ maxBodyBytes }),
    // After the body is read: a cancel (a notification) is never refused by a limit.
    ...(limits === undefined ? [] : [limits]),
    createDrainMiddleware(drain),
    createMcpMiddleware({ handler, stateless }),
  ];
  handleRequest = composeMiddleware(chain);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : formatHostForHeader(host);
  const url = `${scheme}://${urlHost}:${boundPort}${path}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    sessionCount: () => handler.sessionCount(),
    startDraining: () => drain.start(),
    close() {
      closing ??= (async () => {
        // A call that just finished may still be writing its answer when the daemon is told to close.
        if (drain.isDraining()) await drain.whenAnswered(5_000);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await handler.close();
        server.closeAllConnections();
        await closed;
        await auth?.authenticator.close?.();
      })();
      return closing;
    },
  };
}
