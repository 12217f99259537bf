import type { ServerResponse } from 'node:http';
import type { DashboardSnapshot } from './dashboard-types.js';

/**
 * Server-Sent Events: an `event: snapshot` with the whole snapshot as JSON now and every
 * `intervalInMs` until the client goes away (a slow snapshot skips a beat rather than piling up),
 * and an `event: problem` with a message when one could not be built (the store down, say).
 */
export function streamSnapshots({
  response,
  snapshot,
  intervalInMs,
  log,
}: {
  response: ServerResponse;
  snapshot: () => Promise<DashboardSnapshot>;
  intervalInMs: number;
  log: (line: string) => void;
}): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  response.flushHeaders();
  let closed = false;
  let busy = false;
  async function send(): Promise<void> {
    if (busy || closed) return;
    busy = true;
    try {
      const data = JSON.stringify(await snapshot());
      if (!closed) response.write(`event: snapshot\ndata: ${data}\n\n`);
    } catch (error) {
      log(
        `exai: the dashboard could not read its data: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!closed)
        response.write(
          `event: problem\ndata: ${JSON.stringify({ message: 'The dashboard could not read its data; see the server log.' })}\n\n`,
        );
    } finally {
      busy = false;
    }
  }
  const timer = setInterval(() => void send(), intervalInMs);
  response.on('close', () => {
    closed = true;
    clearInterval(timer);
  });
  void send();
}
