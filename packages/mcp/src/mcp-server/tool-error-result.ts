import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  AbortedError,
  ExaiError,
  MissingApiKeyError,
  NoSuchModelError,
  describeMissingApiKeyForUsers,
} from '@exai/core';

/** The failure's message, with how to act on it in an MCP client's terms where that differs. */
function messageOf(failure: unknown): string {
  if (MissingApiKeyError.isInstance(failure)) return describeMissingApiKeyForUsers(failure);
  if (NoSuchModelError.isInstance(failure))
    return `${failure.message} The listmodels tool lists the models you can use.`;
  if (failure instanceof Error) return failure.message;
  return typeof failure === 'string' ? failure : 'Unknown failure.';
}

/**
 * The tool result for a failure: `isError: true` and one line a person can act on, starting with
 * the error's stable code (`record_not_found: No thread "…" exists …`).
 */
export function toolErrorResult(error: unknown, signal?: AbortSignal): CallToolResult {
  const failure =
    signal?.aborted && !ExaiError.isInstance(error) ? new AbortedError({ cause: error }) : error;
  const code = ExaiError.isInstance(failure) ? failure.code : 'internal_error';
  const message = messageOf(failure);
  const retry = ExaiError.isInstance(failure) && failure.isRetryable ? ' (retrying later may succeed)' : '';
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}${retry}` }] };
}
