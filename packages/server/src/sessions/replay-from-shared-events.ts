import type { ServerResponse } from 'node:http';
import type { ReplayedEvent, ResumableEvents } from './resumable-events.js';

export interface ReplayFromSharedEventsOptions {
  events: ResumableEvents;
  tenantId: string;
  lastEventId: string;
  sessionId: string;
  /** How often to look for events another process is still writing. */
  pollIntervalInMs: number;
  /** End the stream after this long without a new event (the call may have died with its process). */
  idleTimeoutInMs: number;
  heartbeatIntervalInMs: number;
}

/** A JSON-RPC response (it has an id and a result or an error): the last event of a request's stream. */
function isResponse(message: Record<string, unknown>): boolean {
  return 'id' in message && ('result' in message || 'error' in message);
}

function formatEvent({ eventId, message }: ReplayedEvent): string {
  // The priming event carries no message; replayed, it is an empty data line as when first sent.
  const data = Object.keys(message).length === 0 ? '' : JSON.stringify(message);
  return `id: ${eventId}\ndata: ${data}\n\n`;
}

/**
 * Serves a `GET` with `Last-Event-ID` for a session this process does not hold (another replica's,
 * or one from before a restart) from the shared events: every stored event after the client's,
 * then whatever the process that runs the call keeps appending, until the request's response has
 * been sent, the stream has been idle for `idleTimeoutInMs`, or the client goes away. Returns
 * false, writing nothing, when the tenant has no such event.
 */
export async function replayFromSharedEvents(
  response: ServerResponse,
  {
    events,
    tenantId,
    lastEventId,
    sessionId,
    pollIntervalInMs,
    idleTimeoutInMs,
    heartbeatIntervalInMs,
  }: ReplayFromSharedEventsOptions,
): Promise<boolean> {
  const first = await events.replay(tenantId, lastEventId);
  if (first === undefined) return false;
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'mcp-session-id': sessionId,
  });
  let closed = false;
  response.once('close', () => {
    closed = true;
  });
  let cursor = lastEventId;
  let lastNewAt = Date.now();
  let lastWriteAt = Date.now();
  let batch = first.events;
  for (;;) {
    for (const event of batch) {
      response.write(formatEvent(event));
      cursor = event.eventId;
      lastNewAt = lastWriteAt = Date.now();
      if (isResponse(event.message)) {
        response.end();
        return true;
      }
    }
    if (closed || Date.now() - lastNewAt >= idleTimeoutInMs) break;
    await new Promise((resolve) => setTimeout(resolve, pollIntervalInMs));
    if (closed) break;
    if (Date.now() - lastWriteAt >= heartbeatIntervalInMs) {
      response.write(': keepalive\n\n');
      lastWriteAt = Date.now();
    }
    const next = await events.replay(tenantId, cursor).catch(() => undefined);
    if (next === undefined) break;
    batch = next.events;
  }
  response.end();
  return true;
}
