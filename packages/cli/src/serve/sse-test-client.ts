import { request as httpRequest, type ClientRequest } from 'node:http';

export interface SseEvent {
  id: string | undefined;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Resolves with the events read so far once `until` holds for one, or the stream ends. */
  read(until?: (event: SseEvent) => boolean): Promise<SseEvent[]>;
  /** Cuts the connection, as a dropped network would. */
  cut(): void;
}

/** One SSE request on a fresh connection, read event by event, which the test may cut mid-answer. */
export function openSse(
  url: string,
  { method, headers, body }: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<SseStream> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request: ClientRequest = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method,
        agent: false,
        headers: {
          accept: 'application/json, text/event-stream',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (response) => {
        const events: SseEvent[] = [];
        let buffer = '';
        let ended = false;
        let waiter: (() => void) | undefined;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let boundary = buffer.indexOf('\n\n');
          while (boundary !== -1) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            const lines = block.split('\n');
            if (lines.some((line) => line.startsWith('data:'))) {
              const id = lines
                .find((line) => line.startsWith('id:'))
                ?.slice(3)
                .trim();
              const data = lines
                .filter((line) => line.startsWith('data:'))
                .map((line) => line.slice(5).trim())
                .join('\n');
              events.push({ id, data });
            }
            boundary = buffer.indexOf('\n\n');
          }
          waiter?.();
        });
        const finish = () => {
          ended = true;
          waiter?.();
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          async read(until) {
            for (;;) {
              const hit = until === undefined ? -1 : events.findIndex(until);
              if (hit !== -1) return events.slice(0, hit + 1);
              if (ended) return [...events];
              await new Promise<void>((wake) => (waiter = wake));
            }
          },
          cut() {
            request.destroy();
            response.destroy();
          },
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Whether an SSE event carries the JSON-RPC response to request `id`. */
export const isResponseTo =
  (id: number) =>
  (event: SseEvent): boolean => {
    if (event.data === '') return false;
    const message = JSON.parse(event.data) as { id?: unknown; result?: unknown; error?: unknown };
    return message.id === id && (message.result !== undefined || message.error !== undefined);
  };
