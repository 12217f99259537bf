import type { IncomingMessage } from 'node:http';
import type { CancelRegistry } from '@exai/mcp';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { messagesOf } from '../http/mcp-request-handler.js';
import { statelessClientTokenOf } from './stateless-client-token.js';

/** Whose requests a stateless POST carries: the authenticated tenant and the client token. */
export interface CancelScope {
  tenantId: string;
  clientId: string;
}

/**
 * The scope of a request, or `undefined` when it carries no client token: such a client's
 * cancels cannot be told from another's, so they act only within their own POST (and closing
 * the POST cancels its calls).
 */
export function cancelScopeOf(request: IncomingMessage): CancelScope | undefined {
  const clientId = statelessClientTokenOf(request);
  if (clientId === undefined) return undefined;
  const extra = (request as { auth?: { extra?: Record<string, unknown> } }).auth?.extra;
  const tenantId = typeof extra?.tenantId === 'string' ? extra.tenantId : '';
  return { tenantId, clientId };
}

/** The ids of the requests in a body. */
export function requestIdsOf(body: unknown): RequestId[] {
  return messagesOf(body)
    .filter((message) => typeof message.method === 'string' && message.id !== undefined)
    .map((message) => message.id as RequestId);
}

/**
 * Hands each `notifications/cancelled` in the body to the registry, so it reaches the request it
 * names on whichever replica runs it. A cancel of a request in the same body is left to the MCP
 * server of this POST.
 */
export async function forwardCancels(
  registry: CancelRegistry,
  scope: CancelScope,
  body: unknown,
): Promise<void> {
  const inBody = new Set(requestIdsOf(body));
  for (const message of messagesOf(body)) {
    if (message.method !== 'notifications/cancelled') continue;
    const params = message.params as { requestId?: unknown; reason?: unknown } | undefined;
    const requestId = params?.requestId;
    if ((typeof requestId !== 'string' && typeof requestId !== 'number') || inBody.has(requestId)) continue;
    const reason = typeof params?.reason === 'string' ? params.reason : 'The client cancelled the request';
    await registry.cancel({ ...scope, requestId }, reason);
  }
}

/**
 * Watches the requests of one POST for cancels sent later (in another POST, maybe to another
 * replica); `onCancel` gets each cancelled id. Returns a function that stops watching.
 */
export function watchRequests(
  registry: CancelRegistry,
  scope: CancelScope,
  requestIds: readonly RequestId[],
  onCancel: (requestId: RequestId, reason: string) => void,
): () => void {
  const unwatch = requestIds.map((requestId) =>
    registry.watch({ ...scope, requestId }, (reason) => onCancel(requestId, reason)),
  );
  return () => {
    for (const stop of unwatch) stop();
  };
}

/** The notification that makes the MCP server abort a running request's handler. */
export function cancelledNotification(requestId: RequestId, reason: string) {
  return { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId, reason } };
}
