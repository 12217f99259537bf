/** The payloads (JSON text) of a chat completion stream, before faults are applied. */
export interface SseEvents {
  /** Everything up to the finish: the role chunk, reasoning, content and tool-call deltas. */
  chunks: string[];
  /** The closing chunk(s) carrying `finish_reason` and `usage`. */
  finish: string[];
}

/** An endpoint's answer, before a script's delays and faults shape how it is delivered. */
export type OutgoingResponse =
  | { kind: 'bytes'; status: number; contentType: string; body: string | Buffer }
  | { kind: 'sse'; status: number; events: SseEvents };

export const jsonContentType = 'application/json; charset=utf-8';

export function jsonResponse(status: number, value: unknown): OutgoingResponse {
  return { kind: 'bytes', status, contentType: jsonContentType, body: JSON.stringify(value) };
}

/** The OpenAI-style `error.type` for a status. */
export function errorTypeForStatus(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 408) return 'timeout_error';
  if (status === 409) return 'conflict_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'api_error';
}

export function errorBody(message: string, type: string): { error: { message: string; type: string } } {
  return { error: { message, type } };
}

/** `{"error":{"message","type"}}` with the given status. */
export function errorResponse(
  status: number,
  message: string,
  type: string = errorTypeForStatus(status),
): OutgoingResponse {
  return jsonResponse(status, errorBody(message, type));
}
