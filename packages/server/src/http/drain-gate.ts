import type { ServerResponse } from 'node:http';
import { jsonRpcErrorCode, sendJsonRpcError } from './json-rpc-error.js';
import { firstRequestId, startsWork } from './mcp-request-handler.js';

/** Whether the daemon still takes new calls; shared by the MCP endpoint and `/readyz`. */
export interface DrainGate {
  isDraining(): boolean;
  /** From now on, new requests are refused; what is in flight carries on. */
  start(): void;
  /**
   * Refuses a POST that starts new work while draining (503, `Retry-After`, the connection
   * closed so the balancer's next attempt goes elsewhere) and returns true. Notifications and
   * responses still pass: a client may cancel a call while the daemon drains.
   */
  refuse(response: ServerResponse, body: unknown): boolean;
  /** Counts a POST being answered until its response closes. */
  track(response: ServerResponse): void;
  /**
   * Resolves once every tracked response has closed, or after `timeoutInMs`: a call that just
   * finished still has its answer to write when the daemon is told to close.
   */
  whenAnswered(timeoutInMs: number): Promise<void>;
}

export function createDrainGate(): DrainGate {
  let draining = false;
  const open = new Set<ServerResponse>();
  let wake: () => void = () => {};
  return {
    track(response) {
      open.add(response);
      response.once('close', () => {
        open.delete(response);
        if (open.size === 0) wake();
      });
    },
    whenAnswered(timeoutInMs) {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutInMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    isDraining: () => draining,
    start() {
      draining = true;
    },
    refuse(response, body) {
      if (!draining) return false;
      if (!startsWork(body)) return false;
      sendJsonRpcError(response, {
        status: 503,
        code: jsonRpcErrorCode.transportError,
        message:
          'Service Unavailable: this server is shutting down and takes no new requests; ' +
          'retry, and another replica (or this one, restarted) will answer',
        id: firstRequestId(body),
        headers: { 'retry-after': '1', connection: 'close' },
      });
      return true;
    },
  };
}
