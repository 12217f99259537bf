import type { IncomingMessage } from 'node:http';
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** One stored event of a stream, as a replay yields it. */
export interface ReplayedEvent {
  eventId: string;
  message: Record<string, unknown>;
}

/**
 * Where the daemon keeps the events of its Streamable HTTP streams so a client can resume with
 * `Last-Event-ID`: in the session store (`createStoreResumableEvents`) or Redis
 * (`createRedisResumableEvents`). Events are kept per tenant; a tenant never replays another's.
 */
export interface ResumableEvents {
  /** `store` or `redis`, for logs. */
  readonly kind: string;
  /**
   * The SDK `EventStore` of one MCP session of `tenantId`. `sessionKey` names the session (its id,
   * known only once `initialize` has run), so stream ids that repeat across sessions stay apart.
   */
  forSession(tenantId: string, sessionKey: () => string | undefined): EventStore;
  /**
   * The events after `lastEventId` in its stream, written by any process sharing the events;
   * undefined when this tenant has no such event (unknown, expired, or another tenant's).
   */
  replay(
    tenantId: string,
    lastEventId: string,
  ): Promise<{ streamId: string; events: ReplayedEvent[] } | undefined>;
}

/** Defaults that bound what is kept. */
export const DEFAULT_EVENT_TTL_IN_MS = 60 * 60_000;
export const DEFAULT_MAX_EVENTS_PER_STREAM = 1_000;

/** Stream ids are stored as `<session>/<stream>`; the transport knows the part after the slash. */
export function scopedStreamId(sessionKey: string | undefined, streamId: string): string {
  return `${sessionKey ?? 'session'}/${streamId}`;
}

export function unscopedStreamId(stored: string): string {
  const slash = stored.indexOf('/');
  return slash === -1 ? stored : stored.slice(slash + 1);
}

/**
 * The tenant a request acts for: the `tenantId` the authentication put in the SDK's
 * `authInfo.extra` (as `callerOf` in @exai/mcp reads it), else the local tenant.
 */
export function requestTenantId(request: IncomingMessage, localTenantId: string): string {
  const tenantId = (request as IncomingMessage & { auth?: AuthInfo }).auth?.extra?.tenantId;
  return typeof tenantId === 'string' && tenantId !== '' ? tenantId : localTenantId;
}
