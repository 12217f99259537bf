import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DaemonConnectionLostError } from './daemon-connection-lost-error.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';

/** The message never reached the daemon's MCP session, so sending it again on a new session is safe. */
export function isNotDelivered(error: unknown): error is DaemonUnreachableError | DaemonSessionGoneError {
  if (error instanceof DaemonConnectionLostError) return false; // it may have arrived
  return error instanceof DaemonUnreachableError || error instanceof DaemonSessionGoneError;
}

/**
 * Whether a failed `initialize` is worth retrying: yes when the daemon is down, slow, overloaded or
 * behind a proxy that cannot reach it (408, 429, 5xx); no when it answered and turned us away
 * (401, 403, 404 …), which waiting will not change.
 */
export function isRetryableHandshakeFailure(error: unknown): boolean {
  if (!(error instanceof StreamableHTTPError) || error.code === undefined || error.code < 0) return true;
  return error.code === 408 || error.code === 429 || error.code >= 500;
}

/** A short, actionable reason for logs and JSON-RPC error messages. */
export function describeFailure(error: unknown): string {
  if (error instanceof DaemonUnreachableError) return error.reason;
  if (error instanceof StreamableHTTPError) {
    const detail = daemonMessageOf(error.message.replace(/^Streamable HTTP error: /, '').trim());
    const hint = detail.includes('exai keys create')
      ? ''
      : // A 403 is not about the key (Host or Origin not allowed, another tenant's session …), and
        // the daemon's message says what to do.
        error.code === 401
        ? '; set EXAI_API_KEY to a key from `exai keys create` (or pass --header "Authorization: Bearer …")'
        : error.code === 404
          ? "; is the URL the daemon's MCP endpoint (for example http://127.0.0.1:8765/mcp)?"
          : '';
    return `HTTP ${error.code ?? '?'}: ${truncate(detail)}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The daemon's own words: the SDK reports a refused POST as `Error POSTing to endpoint: <body>`,
 * and the body of an exai daemon is a JSON-RPC error whose message says what to do.
 */
function daemonMessageOf(detail: string): string {
  const start = detail.indexOf('{');
  if (start === -1) return detail;
  try {
    const body = JSON.parse(detail.slice(start)) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : detail;
  } catch {
    return detail;
  }
}

function truncate(text: string, maxLength = 300): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}…`;
}
