import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * Names one running request wherever it runs: the tenant it belongs to, the client that sent it
 * (an MCP session id, or the stateless client token the daemon issued on `initialize`), and the
 * JSON-RPC id the client gave it. Request ids are per client and small integers, so all three
 * are needed.
 */
export interface CancelKey {
  tenantId: string;
  clientId: string;
  requestId: RequestId;
}

/**
 * Where a cancel finds the call it is meant for. The process that runs a request watches its
 * key; the process that receives the client's `notifications/cancelled` — the same one, or
 * another replica — cancels the key. In memory by default; the HTTP daemon uses Redis pub/sub
 * when `EXAI_REDIS_URL` is set, so a cancel reaches the call on any replica.
 */
export interface CancelRegistry {
  /**
   * Watches for a cancel of `key`; `onCancel` runs at most once, with the client's reason. A
   * cancel that arrived shortly before (it overtook its request) fires at once. Returns a
   * function that stops watching; call it when the request ends.
   */
  watch(key: CancelKey, onCancel: (reason: string) => void): () => void;
  /** Cancels the request `key` wherever it runs; resolves once delivered or published. */
  cancel(key: CancelKey, reason: string): Promise<void>;
  /** Stops listening for cancels from other processes. */
  close(): Promise<void>;
}

/** The registry's string form of a key (distinguishes the request ids `1` and `"1"`). */
export function cancelKeyToString({ tenantId, clientId, requestId }: CancelKey): string {
  return JSON.stringify([tenantId, clientId, requestId]);
}
