import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './fake-upstream-types.js';
import { boundaryOf, parseMultipart } from './multipart-parser.js';

/** Reads the whole request body; rejects when it exceeds `maxBytes` or the client goes away. */
export function readRequestBody(
  request: IncomingMessage,
  { maxBytes }: { maxBytes: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    request.on('data', (part: Buffer) => {
      size += part.length;
      if (size > maxBytes) {
        reject(new RangeError(`request body exceeds ${maxBytes} bytes`));
        request.destroy();
        return;
      }
      parts.push(part);
    });
    request.once('end', () => resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)));
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('client closed the connection while sending the request'));
    });
  });
}

export function createRecordedRequest(
  incoming: IncomingMessage,
  rawBody: Buffer,
  { index, receivedAt }: { index: number; receivedAt: number },
): RecordedRequest {
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query =
    queryStart === -1 ? {} : Object.fromEntries(new URLSearchParams(target.slice(queryStart + 1)));

  const headers: Record<string, string> = {};
  const incomingHeaders = incoming.headers;
  for (const name in incomingHeaders) {
    const value = incomingHeaders[name];
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : value.join(', ');
  }

  const contentType = headers['content-type'];
  const rawText = rawBody.length === 0 ? '' : rawBody.toString('utf8');
  const boundary = boundaryOf(contentType);
  const multipart = boundary === undefined ? undefined : parseMultipart(rawBody, boundary);

  return {
    index,
    method: incoming.method ?? 'GET',
    path,
    query,
    headers,
    rawBody: rawText,
    body: isJson(contentType) ? parseJson(rawText) : undefined,
    ...(multipart === undefined ? {} : { multipart }),
    receivedAt,
    clientAborted: false,
  };
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().includes('json');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
