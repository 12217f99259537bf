import type { IncomingMessage } from 'node:http';

export type JsonBodyResult =
  { kind: 'ok'; value: unknown } | { kind: 'too-large' } | { kind: 'malformed'; message: string };

/**
 * Reads and parses a JSON request body of at most `maxBytes`. A declared `Content-Length` over the
 * limit is refused before reading; a body that grows past it stops being read.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<JsonBodyResult> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes)
    return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > maxBytes) {
        settled = true;
        request.off('data', onData);
        request.pause();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    }
    request.on('data', onData);
    request.once('error', (error) => {
      if (!settled) reject(error);
    });
    request.once('end', () => {
      if (settled) return;
      settled = true;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ kind: 'ok', value: JSON.parse(text) as unknown });
      } catch (error) {
        resolve({ kind: 'malformed', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
