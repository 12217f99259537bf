import type { Dispatcher } from 'undici';
import { ApiCallError } from '../errors/index.js';
import { normalizeHeaders } from './normalize-headers.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { redactSecrets } from './redact-secrets.js';

/** Error bodies are read up to this size; the rest is discarded. */
export const maxErrorBodyBytes = 64 * 1024;

/** The part of the body used in the error message. */
const maxMessageDetailLength = 500;

export interface ReadErrorResponseContext {
  url: string;
  provider: string;
  /** Credentials sent with the request, redacted from anything the upstream echoes back. */
  secrets: readonly string[];
}

/**
 * Reads a non-2xx response (up to 64 KiB, secrets redacted) into an `ApiCallError` whose message
 * says what happened and what to do. Never throws: a body that fails mid-read is used as far as it got.
 */
export async function readErrorResponse(
  response: Dispatcher.ResponseData,
  { url, provider, secrets }: ReadErrorResponseContext,
): Promise<ApiCallError> {
  const { statusCode, headers } = response;
  const rawBody = await readCapped(response.body, maxErrorBodyBytes);
  const responseBody = redactSecrets(rawBody, secrets);
  const retryAfterInMs = parseRetryAfter(headers);
  const safeUrl = redactSecrets(url, secrets);
  const detail = extractErrorMessage(responseBody);
  const message =
    `${provider} returned HTTP ${statusCode}${detail ? `: ${detail}` : ''} (${safeUrl}). ` +
    adviceFor(statusCode, provider, retryAfterInMs);
  return new ApiCallError({
    message,
    url: safeUrl,
    statusCode,
    responseHeaders: normalizeHeaders(headers),
    responseBody,
    retryAfterInMs,
  });
}

/** The human part of an error body: `{error:{message}}`, `{error:"…"}`, `{message}`, `{msg}`, or the text. */
export function extractErrorMessage(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const error = json.error;
      const candidate =
        (error !== null && typeof error === 'object' ? (error as Record<string, unknown>).message : error) ??
        json.message ??
        json.msg ??
        json.detail;
      if (typeof candidate === 'string' && candidate.trim() !== '') return truncate(candidate.trim());
    } catch {
      // Not JSON after all: fall through to the raw text.
    }
  }
  if (text.startsWith('<')) return ''; // An HTML error page says nothing useful in one line.
  return truncate(text.replace(/\s+/g, ' '));
}

function adviceFor(statusCode: number, provider: string, retryAfterInMs: number | undefined): string {
  if (statusCode === 401 || statusCode === 403) {
    return `Check the ${provider} provider's API key (its environment variable or apiKey setting) and its permissions.`;
  }
  if (statusCode === 404) return 'Check the model id and the base URL.';
  if (statusCode === 408) return 'The upstream timed out; try again.';
  if (statusCode === 413) return 'The request is too large; send fewer or smaller files.';
  if (statusCode === 429) {
    return retryAfterInMs === undefined
      ? 'Rate limited; slow down, try again later, or use another model.'
      : `Rate limited; try again in ${Math.ceil(retryAfterInMs / 1000)} s or use another model.`;
  }
  if (statusCode >= 500) return 'The provider is having problems; try again later or use another model.';
  if (statusCode >= 400) return 'Check the request parameters.';
  return 'The response was not a success.';
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= maxBytes) break; // Leaving the loop destroys the body, discarding the rest.
    }
  } catch {
    // A body that breaks off mid-read still tells us something: keep what arrived.
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function truncate(text: string): string {
  return text.length > maxMessageDetailLength ? `${text.slice(0, maxMessageDetailLength)}…` : text;
}
