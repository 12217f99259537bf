import { respondToChatCompletions, wantsStream } from './chat-completions-responder.js';
import type { FakeReply, FakeResponseScript, RecordedRequest } from './fake-upstream-types.js';
import type { FilesApi } from './files-api.js';
import { respondToModels } from './models-api.js';
import { errorResponse, jsonContentType, type OutgoingResponse } from './outgoing-response.js';
import { respondToWebSearch } from './web-search-api.js';

export interface RouteContext {
  filesApi: FilesApi;
  defaultReply: FakeReply | undefined;
}

const fileContentPath = /\/files\/([^/]+)\/content$/;
const filePath = /\/files\/([^/]+)$/;

/** The endpoint's own answer, under any base path. */
export function routeRequest(
  request: RecordedRequest,
  script: FakeResponseScript | undefined,
  { filesApi, defaultReply }: RouteContext,
): OutgoingResponse {
  const { method, path } = request;
  const notAllowed = (): OutgoingResponse =>
    errorResponse(405, `fake upstream: ${method} is not allowed on ${path}`, 'invalid_request_error');

  if (path.endsWith('/chat/completions')) {
    return method === 'POST' ? respondToChatCompletions({ request, script, defaultReply }) : notAllowed();
  }
  if (path.endsWith('/web_search')) return method === 'POST' ? respondToWebSearch(request) : notAllowed();
  if (path.endsWith('/models')) return method === 'GET' ? respondToModels() : notAllowed();
  if (path.endsWith('/files')) {
    if (method === 'POST') return filesApi.upload(request);
    return method === 'GET' ? filesApi.list() : notAllowed();
  }
  const contentId = fileContentPath.exec(path)?.[1];
  if (contentId !== undefined)
    return method === 'GET' ? filesApi.content(decodeURIComponent(contentId)) : notAllowed();
  const fileId = filePath.exec(path)?.[1];
  if (fileId !== undefined) {
    if (method === 'GET') return filesApi.retrieve(decodeURIComponent(fileId));
    return method === 'DELETE' ? filesApi.remove(decodeURIComponent(fileId)) : notAllowed();
  }
  return errorResponse(404, `fake upstream: no route for ${method} ${path}`);
}

/**
 * The answer to a request under a script: its `body` verbatim, an error body for a non-2xx
 * `status`, or else the endpoint's own answer (with the script's 2xx `status`, if any).
 */
export function respond(
  request: RecordedRequest,
  script: FakeResponseScript | undefined,
  context: RouteContext,
): OutgoingResponse {
  const status = script?.status;
  if (script?.body !== undefined) {
    const { body } = script;
    if (typeof body !== 'string') {
      return {
        kind: 'bytes',
        status: status ?? 200,
        contentType: jsonContentType,
        body: JSON.stringify(body),
      };
    }
    const contentType = wantsStream(request) ? 'text/event-stream' : jsonContentType;
    return { kind: 'bytes', status: status ?? 200, contentType, body };
  }
  if (status !== undefined && (status < 200 || status > 299)) {
    return errorResponse(status, `fake upstream: status ${status}`);
  }
  const outgoing = routeRequest(request, script, context);
  return status !== undefined && outgoing.status >= 200 && outgoing.status <= 299
    ? { ...outgoing, status }
    : outgoing;
}
