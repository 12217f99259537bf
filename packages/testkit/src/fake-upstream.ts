import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type {
  FakeResponseScript,
  FakeUpstream,
  FakeUpstreamOptions,
  RecordedRequest,
} from './fake-upstream-types.js';
import { createFilesApi } from './files-api.js';
import { listenLocally } from './listen-locally.js';
import { errorResponse } from './outgoing-response.js';
import { createRecordedRequest, readRequestBody } from './recorded-request.js';
import { createRequestWaiters } from './request-waiters.js';
import { deliverResponse } from './response-delivery.js';
import { ResponseLifecycle } from './response-lifecycle.js';
import { respond } from './route-request.js';
import { createScriptQueue } from './script-queue.js';

const maxBodyBytes = 64 * 1024 * 1024;

/**
 * Starts a fake OpenAI-compatible upstream on a real socket: chat completions (JSON and SSE) under
 * any base path, Kimi's files API and `$web_search` builtin, GLM's web search and a model list.
 * Every request is recorded and can be answered by a script, with delays and faults.
 */
export async function createFakeUpstream({
  host = '127.0.0.1',
  port = 0,
  record = true,
  defaultReply,
  onResponse,
}: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const scripts = createScriptQueue();
  const filesApi = createFilesApi();
  const waiters = createRequestWaiters(requests);
  const lifecycles = new Set<ResponseLifecycle>();
  let requestCount = 0;
  let closing: Promise<void> | undefined;

  async function handleRequest(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let rawBody: Buffer;
    try {
      rawBody = await readRequestBody(incoming, { maxBytes: maxBodyBytes });
    } catch (error) {
      if (error instanceof RangeError && !response.headersSent) response.writeHead(413).end();
      return;
    }
    const request = createRecordedRequest(incoming, rawBody, { index: requestCount, receivedAt });
    requestCount += 1;
    if (record) {
      requests.push(request);
      waiters.notifyRequest();
    }

    const lifecycle = new ResponseLifecycle(response, {
      onClientAbort: () => {
        request.clientAborted = true;
        waiters.notifyClientAbort(request);
      },
      onClosed: (outcome) => {
        lifecycles.delete(lifecycle);
        const status = response.headersSent ? response.statusCode : 0;
        onResponse?.({ request, status, durationInMs: Date.now() - receivedAt, outcome });
      },
    });
    lifecycles.add(lifecycle);

    let script: FakeResponseScript | undefined;
    try {
      script = scripts.isIdle ? undefined : scripts.take(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await deliverResponse(lifecycle, errorResponse(500, `fake upstream: the handler threw: ${message}`));
      return;
    }
    await deliverResponse(lifecycle, respond(request, script, { filesApi, defaultReply }), script);
  }

  const server = createServer((incoming, response) => {
    handleRequest(incoming, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { message: `fake upstream: ${String(error)}`, type: 'server_error' } }),
        );
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;

  const url = await listenLocally(server, port, host);

  return {
    url,
    requests,
    enqueue: (...queued) => scripts.enqueue(queued),
    handle: (handler) => scripts.handle(handler),
    reset() {
      requests.length = 0;
      requestCount = 0;
      scripts.clear();
      filesApi.clear();
      waiters.clear();
    },
    waitForRequests: (count, options) => waiters.waitForRequests(count, options),
    waitForClientAbort: (options) => waiters.waitForClientAbort(options),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const lifecycle of lifecycles) lifecycle.shutDown();
        server.close(() => resolve());
        server.closeAllConnections();
        waiters.rejectAll(new Error('fake upstream: closed'));
      });
      return closing;
    },
  };
}
