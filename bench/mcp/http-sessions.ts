// (3) Many concurrent stateful sessions on `exai serve --http`: open them all (initialize, then
// notifications/initialized, keeping each Mcp-Session-Id) and read the server's resident memory.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { initializeMessage, startExaiHttp } from './exai-process.js';
import { readJsonRpcAnswer } from './json-rpc-answer.js';
import { mcpPostHeaders } from './chat-call-target.js';

export interface HttpSessionsResult {
  sessions: number;
  /** Sessions the server reports open (GET /healthz) once all were opened. */
  reportedOpen: number;
  residentBytesBefore: number;
  residentBytesAfter: number;
  bytesPerSession: number;
  openingInMs: number;
}

const headers = mcpPostHeaders;

export async function benchHttpSessions({
  upstreamUrl,
  sessions,
  concurrency,
  serverArguments,
}: {
  upstreamUrl: string;
  sessions: number;
  concurrency: number;
  /** How to lift the server's session cap above `sessions`. */
  serverArguments: string[];
}): Promise<HttpSessionsResult> {
  const server = await startExaiHttp(upstreamUrl, serverArguments);
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: concurrency, keepAliveTimeout: 60_000 });
  try {
    await sleep(1000);
    const residentBytesBefore = server.residentBytes();

    async function openSession(index: number): Promise<string> {
      const response = await pool.request({
        method: 'POST',
        path: url.pathname,
        headers,
        body: JSON.stringify(initializeMessage(index)),
      });
      const text = await response.body.text();
      const sessionId = response.headers['mcp-session-id'];
      const answer = readJsonRpcAnswer(String(response.headers['content-type'] ?? ''), text);
      if (response.statusCode !== 200 || typeof sessionId !== 'string' || answer?.result === undefined)
        throw new Error(`initialize #${index} failed: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
      const initialized = await pool.request({
        method: 'POST',
        path: url.pathname,
        headers: { ...headers, 'mcp-session-id': sessionId },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      const initializedText = await initialized.body.text();
      if (initialized.statusCode !== 202)
        throw new Error(
          `notifications/initialized #${index} failed: HTTP ${initialized.statusCode} ${initializedText}`,
        );
      return sessionId;
    }

    const sessionIds: string[] = [];
    let next = 0;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < sessions) sessionIds.push(await openSession(next++));
      }),
    );
    const openingInMs = performance.now() - startedAt;
    await sleep(1000);
    const residentBytesAfter = server.residentBytes();
    const health = await pool.request({ method: 'GET', path: '/healthz' });
    const { sessions: reportedOpen = Number.NaN } = (await health.body.json()) as { sessions?: number };
    return {
      sessions: sessionIds.length,
      reportedOpen,
      residentBytesBefore,
      residentBytesAfter,
      bytesPerSession: (residentBytesAfter - residentBytesBefore) / sessionIds.length,
      openingInMs,
    };
  } finally {
    await pool.close();
    await server.stop();
  }
}
