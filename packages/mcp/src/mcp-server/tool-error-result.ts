import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AbortedError, ExaiError, MissingApiKeyError, describeMissingApiKeyForUsers } from '@exai/core';

/**
 * The tool result for a failure: `isError: true` and one line a person can act on, starting with
 * the error's stable code (`record_not_found: No thread "…" exists …`).
 */
export function toolErrorResult(error: unknown, signal?: AbortSignal): CallToolResult {
  const failure =
    signal?.aborted && !ExaiError.isInstance(error) ? new AbortedError({ cause: error }) : error;
  const code = ExaiError.isInstance(failure) ? failure.code : 'internal_error';
  const message = MissingApiKeyError.isInstance(failure)
    ? describeMissingApiKeyForUsers(failure)
    : failure instanceof Error
      ? failure.message
      : typeof failure === 'string'
        ? failure
        : 'Unknown failure.';
  const retry = ExaiError.isInstance(failure) && failure.isRetryable ? ' (retrying later may succeed)' : '';
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}${retry}` }] };
}
