import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { jsonRpcErrorCode, sendJsonRpcError } from '../http/json-rpc-error.js';
import { firstRequestId, isInitializeBody, type McpRequestHandler } from '../http/mcp-request-handler.js';
import { outageTolerantEvents } from './outage-tolerant-events.js';
import { replayFromSharedEvents } from './replay-from-shared-events.js';
import { requestTenantId, type ResumableEvents } from './resumable-events.js';

interface Session {
  id: string | undefined;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /**
   * The tenant that opened the session: only it may use the session, and its events are stored
   * and replayed under it.
   */
  tenantId: string;
  /** Requests and streams of this session still open. */
  inFlight: number;
  lastActiveAt: number;
}

export interface SessionHandlerOptions {
  createServer: () => McpServer;
  sessionIdleTtlInMs: number;
  maxSessions: number;
  /** How often open SSE streams get a keep-alive comment. */
  sseHeartbeatIntervalInMs: number;
  log: (line: string) => void;
  /**
   * Keeps every SSE event so a client that lost its stream resumes it with `Last-Event-ID` — from
   * this process, after a restart, or from another process sharing the events. Default: none.
   */
  resumableEvents?: ResumableEvents;
  /** The tenant of requests that carry none (no authentication). Default `default`. */
  localTenantId?: string;
  /** A replay of a session held elsewhere looks for new events this often. Default 250 ms. */
  resumePollIntervalInMs?: number;
  /** …and ends after this long without one. Default 30 s. */
  resumeIdleTimeoutInMs?: number;
}

/**
 * Stateful mode: `initialize` opens a session (its own MCP server and transport) named by the
 * `Mcp-Session-Id` the response carries; later requests must send it. Sessions end on DELETE, on
 * `close()`, or after `sessionIdleTtlInMs` with nothing in flight; at most `maxSessions` are held.
 */
export function createSessionHandler({
  createServer,
  sessionIdleTtlInMs,
  maxSessions,
  sseHeartbeatIntervalInMs,
  log,
  resumableEvents: events,
  localTenantId = 'default',
  resumePollIntervalInMs = 250,
  resumeIdleTimeoutInMs = 30_000,
}: SessionHandlerOptions): McpRequestHandler {
  // An event that cannot be stored is still sent: an outage costs resumption, never the stream.
  const resumableEvents = events && outageTolerantEvents(events, { log });
  const sessions = new Map<string, Session>();
  let opening = 0;

  function track(session: Session, response: ServerResponse): void {
    session.inFlight += 1;
    session.lastActiveAt = Date.now();
    response.once('close', () => {
      session.inFlight -= 1;
      session.lastActiveAt = Date.now();
    });
  }

  function closeSession(session: Session, reason: string): Promise<void> {
    if (session.id !== undefined) log(`exai: closing MCP session ${session.id} (${reason})`);
    return session.server
      .close()
      .catch((error: unknown) => log(`exai: closing MCP session ${session.id} failed: ${String(error)}`));
  }

  const sweepEveryInMs = Math.max(10, Math.min(sessionIdleTtlInMs / 2, 30_000));
  const sweep = setInterval(function expireIdleSessions() {
    const now = Date.now();
    for (const session of sessions.values()) {
      if (session.inFlight === 0 && now - session.lastActiveAt >= sessionIdleTtlInMs)
        void closeSession(session, `idle for ${Math.round((now - session.lastActiveAt) / 1000)} s`);
    }
  }, sweepEveryInMs);
  sweep.unref();

  /**
   * When the soonest idle session will have been swept: its idle TTL from its last activity, plus
   * one sweep interval. With none idle, a whole TTL (a busy session must first go idle).
   */
  function secondsUntilASessionExpires(): number {
    const now = Date.now();
    let soonest = sessionIdleTtlInMs;
    for (const session of sessions.values()) {
      if (session.inFlight === 0)
        soonest = Math.min(soonest, session.lastActiveAt + sessionIdleTtlInMs - now);
    }
    return Math.max(1, Math.ceil((Math.max(0, soonest) + sweepEveryInMs) / 1000));
  }

  async function openSession(
    request: Parameters<McpRequestHandler['handle']>[0],
    response: ServerResponse,
    body: unknown,
  ) {
    if (sessions.size + opening >= maxSessions) {
      log(`exai: refused a new MCP session: ${maxSessions} sessions open (maxSessions)`);
      const retryAfterInSeconds = secondsUntilASessionExpires();
      sendJsonRpcError(response, {
        status: 503,
        code: jsonRpcErrorCode.transportError,
        message:
          `Service Unavailable: this server already holds its maximum of ${maxSessions} MCP sessions ` +
          `(maxSessions); sessions expire after ${Math.ceil(sessionIdleTtlInMs / 1000)} s idle, the next in about ` +
          `${retryAfterInSeconds} s: retry then, or end one with DELETE`,
        id: firstRequestId(body),
        headers: { 'retry-after': String(retryAfterInSeconds) },
      });
      return;
    }
    opening += 1;
    let registered = false;
    let session: Session | undefined;
    try {
      const tenantId = requestTenantId(request, localTenantId);
      const opened: Session = {
        id: undefined,
        tenantId,
        server: createServer(),
        transport: new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          keepAliveMs: sseHeartbeatIntervalInMs,
          ...(resumableEvents !== undefined && {
            eventStore: resumableEvents.forSession(tenantId, () => opened.id),
          }),
          onsessioninitialized(id) {
            registered = true;
            opening -= 1;
            opened.id = id;
            sessions.set(id, opened);
            log(`exai: MCP session ${id} opened (${sessions.size} open)`);
          },
        }),
        inFlight: 0,
        lastActiveAt: Date.now(),
      };
      session = opened;
      opened.transport.onclose = () => {
        if (opened.id !== undefined && sessions.delete(opened.id))
          log(`exai: MCP session ${opened.id} closed (${sessions.size} open)`);
      };
      await opened.server.connect(opened.transport);
      track(opened, response);
      await opened.transport.handleRequest(request, response, body);
    } finally {
      if (!registered) {
        opening -= 1;
        session?.server
          .close()
          .catch((error: unknown) => log(`exai: closing an unopened MCP session failed: ${String(error)}`));
      }
    }
  }

  return {
    async handle(request, response, body) {
      const header = request.headers['mcp-session-id'];
      const sessionId = Array.isArray(header) ? header[0] : header;
      if (sessionId === undefined) {
        if (request.method === 'POST' && isInitializeBody(body)) return openSession(request, response, body);
        sendJsonRpcError(response, {
          status: 400,
          code: jsonRpcErrorCode.transportError,
          message: 'Bad Request: Mcp-Session-Id header is required (send initialize first to open a session)',
          id: firstRequestId(body),
        });
        return;
      }
      const session = sessions.get(sessionId);
      const lastEventId = request.method === 'GET' ? request.headers['last-event-id'] : undefined;
      if (typeof lastEventId === 'string' && resumableEvents !== undefined) {
        const tenantId = requestTenantId(request, localTenantId);
        if (session !== undefined && session.tenantId !== tenantId) {
          sendJsonRpcError(response, {
            status: 404,
            code: jsonRpcErrorCode.sessionNotFound,
            message: `Session not found: ${sessionId} is not a session of this caller`,
            id: null,
          });
          return;
        }
        if (session === undefined) {
          const replayed = await replayFromSharedEvents(response, {
            events: resumableEvents,
            tenantId,
            lastEventId,
            sessionId,
            pollIntervalInMs: resumePollIntervalInMs,
            idleTimeoutInMs: resumeIdleTimeoutInMs,
            heartbeatIntervalInMs: sseHeartbeatIntervalInMs,
          });
          if (replayed) {
            log(`exai: resumed a stream of MCP session ${sessionId} from the ${resumableEvents.kind} events`);
            return;
          }
        } else if ((await resumableEvents.replay(tenantId, lastEventId)) === undefined) {
          sendJsonRpcError(response, {
            status: 404,
            code: jsonRpcErrorCode.sessionNotFound,
            message: `Event not found: ${lastEventId} is not stored (it expired, or was never sent on this session); call again`,
            id: null,
          });
          return;
        }
      }
      if (session === undefined) {
        sendJsonRpcError(response, {
          status: 404,
          code: jsonRpcErrorCode.sessionNotFound,
          message: `Session not found: ${sessionId} ended or expired; initialize a new session`,
          id: firstRequestId(body),
        });
        return;
      }
      if (requestTenantId(request, localTenantId) !== session.tenantId) {
        sendJsonRpcError(response, {
          status: 403,
          code: jsonRpcErrorCode.transportError,
          message: `Forbidden: session ${sessionId} belongs to another tenant; initialize a session of your own`,
          id: firstRequestId(body),
        });
        return;
      }
      track(session, response);
      await session.transport.handleRequest(request, response, body);
    },
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((session) => closeSession(session, 'server closing')));
    },
  };
}
