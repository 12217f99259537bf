import { request, type Agent, type IncomingHttpHeaders } from 'node:http';

/** What a test saw: status 0 when no response arrived; `error` when the exchange broke. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  error: Error | undefined;
  reusedSocket: boolean;
}

export interface SendRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  agent?: Agent;
}

/** One request over node:http that never rejects, so tests can inspect broken exchanges. */
export function sendRequest(
  url: string,
  { method = 'GET', headers = {}, body, agent }: SendRequestOptions = {},
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let status = 0;
    let responseHeaders: IncomingHttpHeaders = {};
    let settled = false;
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      const data = Buffer.concat(parts);
      resolve({
        status,
        headers: responseHeaders,
        body: data,
        text: data.toString('utf8'),
        error,
        reusedSocket: outgoing.reusedSocket,
      });
    };
    const outgoing = request(url, { method, headers, agent: agent ?? false }, (response) => {
      status = response.statusCode ?? 0;
      responseHeaders = response.headers;
      response.on('data', (part: Buffer) => parts.push(part));
      response.once('end', () => finish(undefined));
      response.once('error', (error) => finish(error));
      response.once('close', () => finish(response.complete ? undefined : new Error('response incomplete')));
    });
    outgoing.once('error', (error) => finish(error));
    outgoing.end(body);
  });
}

/** POSTs a JSON body. */
export function postJson(
  url: string,
  body: unknown,
  options: Omit<SendRequestOptions, 'body' | 'method'> = {},
) {
  return sendRequest(url, {
    ...options,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
  });
}

/** The `data` of each SSE event (multi-line data joined with `\n`), and how many comment lines there were. */
export function parseSse(text: string): { data: string[]; comments: number } {
  const data: string[] = [];
  let comments = 0;
  let current: string[] | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (current !== undefined) data.push(current.join('\n'));
      current = undefined;
    } else if (line.startsWith(':')) {
      comments += 1;
    } else if (line.startsWith('data:')) {
      (current ??= []).push(line.slice(5).replace(/^ /, ''));
    }
  }
  return { data, comments };
}

/** The JSON payloads of an SSE stream, without `[DONE]`. */
export function parseSseJson(text: string): Array<Record<string, unknown>> {
  return parseSse(text)
    .data.filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}
