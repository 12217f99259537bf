import type { FakeFault, FakeResponseScript } from './fake-upstream-types.js';
import { errorBody, jsonContentType, type OutgoingResponse, type SseEvents } from './outgoing-response.js';
import type { ResponseLifecycle } from './response-lifecycle.js';
import { dataFrame, doneFrame, writeSseFrames } from './sse-writer.js';

const midStreamError = JSON.stringify(errorBody('fake upstream: error mid-stream', 'server_error'));

/** Garbles a JSON text so it can never parse: its first half, then a stray `<broken`. */
export function breakJson(text: string): string {
  return `${text.slice(0, Math.floor(text.length / 2))}<broken`;
}

function responseHeaders(contentType: string, script: FakeResponseScript): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (contentType === 'text/event-stream') headers['cache-control'] = 'no-cache';
  if (script.retryAfter !== undefined) headers['retry-after'] = String(script.retryAfter);
  if (script.retryAfterMs !== undefined) headers['retry-after-ms'] = String(script.retryAfterMs);
  for (const [name, value] of Object.entries(script.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

/** The SSE frames to send under a fault, and how the response ends after them. */
export function planSseFrames(
  { chunks, finish }: SseEvents,
  fault: FakeFault | undefined,
): { frames: string[]; ending: 'end' | 'destroy' } {
  const half = Math.max(1, Math.ceil(chunks.length / 2));
  const prefix = chunks.slice(0, half).map(dataFrame);
  switch (fault) {
    case 'truncate-stream':
      return { frames: prefix, ending: 'end' };
    case 'error-mid-stream':
      return { frames: [...prefix, dataFrame(midStreamError)], ending: 'end' };
    case 'reset-mid-body':
      return { frames: prefix, ending: 'destroy' };
    case 'malformed-json': {
      const [broken = '{}', ...rest] = [...chunks.slice(half), ...finish];
      return {
        frames: [...prefix, dataFrame(breakJson(broken)), ...rest.map(dataFrame), doneFrame],
        ending: 'end',
      };
    }
    default:
      return { frames: [...chunks, ...finish].map(dataFrame).concat(doneFrame), ending: 'end' };
  }
}

/**
 * Sends an endpoint's answer the way a script says: after `delayBeforeHeadersMs`, with its headers,
 * and broken by its `fault`. Resolves when the response has ended or the connection closed.
 */
export async function deliverResponse(
  lifecycle: ResponseLifecycle,
  outgoing: OutgoingResponse,
  script: FakeResponseScript = {},
): Promise<void> {
  const { delayBeforeHeadersMs = 0, fault } = script;
  if (delayBeforeHeadersMs > 0 && !(await lifecycle.sleep(delayBeforeHeadersMs))) return;
  if (!lifecycle.isOpen) return;
  if (fault === 'reset') return lifecycle.destroy('reset');
  if (outgoing.kind === 'sse') return deliverSse(lifecycle, outgoing.status, outgoing.events, script);
  return deliverBytes(lifecycle, outgoing, script);
}

async function deliverSse(
  lifecycle: ResponseLifecycle,
  status: number,
  events: SseEvents,
  script: FakeResponseScript,
): Promise<void> {
  const { chunkDelayMs = 0, splitChunks = false, fault } = script;
  const { frames, ending } = planSseFrames(events, fault);
  lifecycle.response.writeHead(status, responseHeaders('text/event-stream', script));
  if (!(await writeSseFrames(lifecycle, frames, { chunkDelayMs, splitChunks }))) return;
  if (ending === 'destroy') return lifecycle.destroy('close');
  lifecycle.response.end();
}

/**
 * A whole body. Stream faults act on it too: `truncate-stream` ends cleanly after half of it,
 * `error-mid-stream` sends an error object instead, `reset-mid-body` drops the connection after half.
 */
async function deliverBytes(
  lifecycle: ResponseLifecycle,
  outgoing: Extract<OutgoingResponse, { kind: 'bytes' }>,
  script: FakeResponseScript,
): Promise<void> {
  const { response } = lifecycle;
  const { chunkDelayMs = 0, fault } = script;
  if (fault === 'malformed-json' || fault === 'error-mid-stream') {
    const text = typeof outgoing.body === 'string' ? outgoing.body : outgoing.body.toString('utf8');
    response.writeHead(outgoing.status, responseHeaders(jsonContentType, script));
    response.end(fault === 'malformed-json' ? breakJson(text) : midStreamError);
    return;
  }

  const headers = responseHeaders(outgoing.contentType, script);
  if (fault === 'reset-mid-body' || fault === 'truncate-stream') {
    const body = Buffer.isBuffer(outgoing.body) ? outgoing.body : Buffer.from(outgoing.body);
    if (fault === 'reset-mid-body') headers['content-length'] = String(body.length);
    response.writeHead(outgoing.status, headers);
    response.flushHeaders();
    const part = body.subarray(0, Math.floor(body.length / 2));
    if (part.length > 0 && !(await lifecycle.write(part))) return;
    if (chunkDelayMs > 0 && !(await lifecycle.sleep(chunkDelayMs))) return;
    if (fault === 'reset-mid-body') return lifecycle.destroy('close');
    response.end();
    return;
  }

  // A string body leaves with the headers in one write; a Buffer would take a second one.
  const { body } = outgoing;
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  response.writeHead(outgoing.status, headers);
  response.end(body);
}
