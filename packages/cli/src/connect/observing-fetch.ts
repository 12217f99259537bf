import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { DaemonConnectionLostError } from './daemon-connection-lost-error.js';
import { DaemonSessionGoneError } from './daemon-session-gone-error.js';
import { DaemonUnreachableError } from './daemon-unreachable-error.js';
import { isTlsHandshakeCode } from './describe-tls-failure.js';

/** A server-sent event stream from the daemon has ended, cleanly (`error` undefined) or not. */
export interface StreamClosedEvent {
  /** `POST`: the stream answering the request(s) in `requestIds`; `GET`: the standalone stream. */
  method: 'POST' | 'GET';
  requestIds: RequestId[];
  error?: unknown;
  /** A `GET` resuming a stream: the `Last-Event-ID` it sent. */
  lastEventId?: string;
}

export interface ObservingFetchOptions {
  onStreamClosed(event: StreamClosedEvent): void;
  fetch?: FetchLike;
}

/**
 * Wraps `fetch` for the SDK's Streamable HTTP client transport, which is the one place that sees
 * every HTTP exchange with the daemon:
 * - a request that gets no HTTP response rejects with {@link DaemonUnreachableError} when the
 *   connection could not be made (nothing was delivered), and with {@link DaemonConnectionLostError}
 *   when a POST of requests failed after that (the daemon may have received, and be running, them);
 * - 404 (or the SDK server's 400 "not initialized") to a request carrying `Mcp-Session-Id`
 *   rejects with {@link DaemonSessionGoneError};
 * - the end of every server-sent event stream is reported, with the ids of the requests it was
 *   answering, so a request whose stream died without an answer can be answered with an error
 *   instead of leaving the client waiting forever.
 */
export function createObservingFetch({
  onStreamClosed,
  fetch: baseFetch = fetch,
}: ObservingFetchOptions): FetchLike {
  return async function observingFetch(url, init) {
    const method = (init?.method ?? 'GET').toUpperCase();
    let response: Response;
    try {
      response = await baseFetch(url, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      if (method === 'POST' && requestIdsOf(init?.body).length > 0 && !isConnectFailure(error))
        throw new DaemonConnectionLostError({ url: String(url), cause: error });
      throw new DaemonUnreachableError({ url: String(url), cause: error });
    }
    const sessionId = new Headers(init?.headers).get('mcp-session-id');
    if (sessionId !== null && method !== 'DELETE' && (await isSessionGone(response))) {
      await response.body?.cancel().catch(() => undefined);
      throw new DaemonSessionGoneError({ status: response.status, sessionId });
    }
    const isEventStream = response.headers.get('content-type')?.toLowerCase().startsWith('text/event-stream');
    if (!response.ok || !isEventStream || response.body === null || (method !== 'POST' && method !== 'GET')) {
      return response;
    }
    const requestIds = method === 'POST' ? requestIdsOf(init?.body) : [];
    const lastEventId = new Headers(init?.headers).get('last-event-id') ?? undefined;
    const body = observeStream(response.body, (error) =>
      onStreamClosed({ method, requestIds, error, ...(lastEventId !== undefined && { lastEventId }) }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Error codes of a connection that was never made, so no byte of the request reached the daemon. */
const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Whether `fetch` failed before connecting or in the TLS handshake (its cause, or every attempt of an AggregateError). */
function isConnectFailure(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (CONNECT_FAILURE_CODES.has(code) || isTlsHandshakeCode(code))) return true;
  if (!(cause instanceof AggregateError) || cause.errors.length === 0) return false;
  return cause.errors.every((attempt: { code?: unknown }) =>
    CONNECT_FAILURE_CODES.has(String(attempt?.code)),
  );
}

async function isSessionGone(response: Response): Promise<boolean> {
  if (response.status === 404) return true;
  if (response.status !== 400) return false;
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return /not initialized|session/i.test(text);
}

function requestIdsOf(body: unknown): RequestId[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    return messages.flatMap((message: { id?: unknown; method?: unknown }) =>
      typeof message?.method === 'string' &&
      (typeof message.id === 'string' || typeof message.id === 'number')
        ? [message.id]
        : [],
    );
  } catch {
    return [];
  }
}

function observeStream(
  source: ReadableStream<Uint8Array>,
  onClose: (error?: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let closed = false;
  const close = (error?: unknown) => {
    if (closed) return;
    closed = true;
    onClose(error);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        controller.error(error);
        close(error);
      }
    },
    async cancel(reason) {
      close(reason ?? new Error('stream cancelled'));
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
