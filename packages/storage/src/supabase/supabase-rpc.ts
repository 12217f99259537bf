import { StoreUnavailableError } from '@exai/core';
import { mapSupabaseRpcError, type RpcErrorContext } from './map-supabase-rpc-error.js';
import type { RpcFunctionName } from './migrations/rpc-function-names.js';
import type { AnySupabaseClient } from './supabase-session-store-options.js';

/** Calls one RPC function; rejects with the contract's errors. */
export type CallRpc = <T>(
  functionName: RpcFunctionName,
  args?: Record<string, unknown>,
  context?: RpcErrorContext,
) => Promise<T>;

/**
 * The adapter's one way to the database: `client.rpc(name, namedArguments)`, which supabase-js
 * sends as `POST /rest/v1/rpc/<name>`. Undefined arguments are left out, so the function's
 * defaults apply.
 */
export function createRpcCaller({
  client,
  url,
  isClosed,
}: {
  client: AnySupabaseClient;
  url: string;
  isClosed: () => boolean;
}): CallRpc {
  return async function callRpc<T>(
    functionName: RpcFunctionName,
    args: Record<string, unknown> = {},
    context: RpcErrorContext = {},
  ): Promise<T> {
    if (isClosed()) {
      throw new StoreUnavailableError({
        store: 'supabase',
        message: 'The Supabase session store is closed; create a new one with createSupabaseSessionStore().',
      });
    }
    let response: Awaited<ReturnType<AnySupabaseClient['rpc']>>;
    try {
      response = await client.rpc(functionName, args);
    } catch (cause) {
      throw mapSupabaseRpcError({
        error: { message: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) },
        status: 0,
        functionName,
        url,
        context,
      });
    }
    if (response.error) {
      throw mapSupabaseRpcError({
        error: response.error,
        status: response.status,
        functionName,
        url,
        context,
      });
    }
    return response.data as T;
  };
}
