import type { CancelRegistry, LogFields } from '@exai/mcp';
import type { ExaiMetrics } from './observability/exai-metrics.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestAuthenticator } from './auth/request-authenticator.js';
import type { CheckReady } from './http/health-probes.js';
import type { HttpMiddleware } from './http/http-middleware.js';
import type { ResumableEvents } from './sessions/resumable-events.js';
import type { Dashboard } from './dashboard/dashboard-types.js';

/** How `serveHttp` authenticates requests. */
export interface ServeHttpAuth {
  /** Finds each request's caller (tenant, key) from its credentials, e.g. `createBearerAuthenticator(...)`. */
  authenticator: RequestAuthenticator;
  /**
   * With JWT from an identity provider: served as OAuth protected-resource metadata (RFC 9728) at
   * `/.well-known/oauth-protected-resource` and named in every 401's `WWW-Authenticate`.
   */
  protectedResource?: {
    /** The identity providers' issuer URLs. */
    authorizationServers: string[];
    /** This server's resource identifier; default: the MCP endpoint's URL as the client reached it. */
    resource?: string;
  };
}

/** How `serveHttp` serves MCP over Streamable HTTP. */
export interface ServeHttpOptions {
  /**
   * Builds the MCP server for one session (stateful) or one request (stateless), e.g.
   * `() => createExaiServer(runtime, { tools })`. Keep it cheap: share the runtime, build only the server.
   */
  createServer: () => McpServer;
  /**
   * The interface to bind. Default `127.0.0.1`. Any other (non-loopback) host needs `auth`: without
   * it `serveHttp` refuses to start.
   */
  host?: string;
  /** Default 8765; 0 picks a free port (read it from `HttpServing.url`). */
  port?: number;
  /** Where MCP is served. Default `/mcp`. */
  path?: string;
  /**
   * Stateless mode: no sessions, a fresh MCP server per POST, no GET stream and no DELETE — for
   * replicas behind a load balancer. Default `false` (sessions with `Mcp-Session-Id`).
   */
  stateless?: boolean;
  /** Stateful: a session with no request in flight for this long is closed. Default 30 minutes. */
  sessionIdleTtlInMs?: number;
  /**
   * Stateful: the most sessions held at once. One more `initialize` is refused with HTTP 503 and a
   * JSON-RPC error naming the cap, until a session ends or expires. Default 1000.
   */
  maxSessions?: number;
  /**
   * Allowed `Host` header values (DNS-rebinding protection). An entry with a port matches exactly;
   * one without a port matches that name on any port. Comparison ignores case. Default: `localhost`,
   * `127.0.0.1` and `[::1]` with the bound port, plus the bound host itself when it is not a
   * wildcard address.
   */
  allowedHosts?: string[];
  /**
   * Allowed `Origin` header values. Requests without `Origin` (every non-browser client) pass; a
   * foreign one gets 403. Default: `http://` and `https://` with each default allowed host.
   */
  allowedOrigins?: string[];
  /**
   * How often an open SSE stream (a session's `GET` stream, a response stream) gets a comment line
   * (`: keepalive`), so proxies keep it open and a client that vanished is found out. Default 15 s.
   */
  sseHeartbeatIntervalInMs?: number;
  /** The largest request body accepted; larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Authentication. Without it every request is the local tenant (`localTenantId`), which is only
   * allowed on a loopback host.
   */
  auth?: ServeHttpAuth;
  /** The tenant of unauthenticated loopback requests. Default `default`. */
  localTenantId?: string;
  /**
   * Runs after authentication and after a POST's body is read (`context.caller` and `context.body`
   * set): the place for rate limits and budgets (e.g. `createRateLimitMiddleware(...)`).
   */
  limits?: HttpMiddleware;
  /**
   * Serve HTTPS directly (TLS 1.2 at least, 1.3 preferred): the PEM certificate chain and private
   * key. Without it the server speaks plain HTTP (put TLS at the ingress).
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Stateless: where a `notifications/cancelled` finds the call it names, keyed by (tenant,
   * client token, request id). Default: in memory, so a cancel reaches calls on this process
   * only; `createRedisCancelRegistry` reaches every replica sharing one Redis.
   */
  cancelRegistry?: CancelRegistry;
  /**
   * Whether the daemon can serve calls, for `GET /readyz` (e.g. `() => store.ping()`): resolves
   * when ready (optionally with the checks it made, shown under `checks`), throws when not.
   * Default: always ready unless draining.
   */
  checkReady?: CheckReady;
  /**
   * Stateful: keeps every SSE event (in the session store or Redis) so a client that lost a stream
   * resumes it with `Last-Event-ID`, also after a restart or on another replica. Default: none.
   */
  resumableEvents?: ResumableEvents;
  /**
   * Serve `GET /metrics` (Prometheus text) from these metrics. Protected like the MCP endpoint
   * (Host/Origin checks, authentication, and an admin caller) unless `public` is true.
   */
  metrics?: { metrics: ExaiMetrics; public?: boolean };
  /**
   * Serve the live dashboard at `/dashboard` (e.g. `createDaemonDashboard({ store })`): the page is
   * static; its data passes the same Host/Origin checks and authentication as the MCP endpoint.
   */
  dashboard?: Dashboard;
  /**
   * Receives one line per notable event (start, sessions opened/closed/expired, refusals, errors);
   * a line about one request comes with its correlation id (and tenant) as `fields`.
   */
  logger?: (line: string, fields?: LogFields) => void;
}

/** A running Streamable HTTP server. */
export interface HttpServing {
  /** The MCP endpoint, e.g. `http://127.0.0.1:8765/mcp` (`https://` with `tls`; the real port when 0 was asked for). */
  url: string;
  /** Open MCP sessions (always 0 in stateless mode). */
  sessionCount(): number;
  /**
   * Starts a graceful stop: `/readyz` answers 503 `draining` and every new request gets 503 with
   * `Retry-After`, while calls in flight (and cancels of them) carry on. Call `close()` after.
   */
  startDraining(): void;
  /** Stops accepting connections, closes every session and open connection; safe to call more than once. */
  close(): Promise<void>;
}
