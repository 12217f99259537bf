/** One tool call the fake model makes. */
export interface FakeToolCall {
  /** Default: `call_<n>_fake`. */
  id?: string;
  /** Default: `function`. */
  type?: string;
  name: string;
  /** The arguments as a JSON string, exactly as the model would send them. */
  arguments: string;
}

/** What the fake model says. */
export interface FakeReply {
  /** Default: `Hello from the fake upstream.` (empty when `toolCalls` are given). */
  text?: string;
  /** Sent as `reasoning_content` (a message field in JSON mode, a delta field in stream mode). */
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  /** Default: `stop`, or `tool_calls` when `toolCalls` are given. */
  finishReason?: string;
  /** Default: estimated from the request and reply sizes. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number };
  /** Default: the request's `model`. */
  model?: string;
  /** Stream mode: how many deltas to split the text (and reasoning, and each tool call's arguments) into. */
  chunks?: number;
}

export type FakeFault =
  /** Destroy the socket before sending headers. */
  | 'reset'
  /** Send headers and part of the body, then destroy the socket. */
  | 'reset-mid-body'
  /** A 200 with a JSON content type but a broken JSON body, or a broken `data:` line in a stream. */
  | 'malformed-json'
  /** Stream some chunks, then end cleanly without the finish chunk and without `[DONE]`. */
  | 'truncate-stream'
  /** Stream some chunks, then a `data:` line carrying an error object, then end. */
  | 'error-mid-stream';

/** How the fake upstream answers the next matching request(s). */
export interface FakeResponseScript {
  /** Default: matches any request. A string matches a path suffix; methods compare case-insensitively. */
  match?: { path?: string | RegExp; method?: string };
  /** How many requests this script serves (default 1; `Infinity` serves forever). */
  times?: number;
  /** Default 200. Non-2xx statuses get an OpenAI-style error body unless `body` is given. */
  status?: number;
  headers?: Record<string, string>;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms`. */
  retryAfterMs?: number;
  delayBeforeHeadersMs?: number;
  /** Delay between streamed chunks (SSE events or split pieces). */
  chunkDelayMs?: number;
  fault?: FakeFault;
  /** What the fake model says; merged over the server's `defaultReply`. */
  reply?: FakeReply;
  /** Raw override: sent as JSON, or as-is if a string, instead of the endpoint's normal answer. */
  body?: unknown;
  /**
   * Stream mode: write the SSE bytes split at awkward offsets (mid-line, mid multi-byte UTF-8
   * character) with `: keep-alive` comments between events, to test parser robustness.
   */
  splitChunks?: boolean;
}

export interface RecordedMultipartFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** One request the fake upstream received. */
export interface RecordedRequest {
  /** Position in arrival order, counted from creation or the last `reset()`. */
  index: number;
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Header names are lower-cased; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed body when the content type is JSON and it parses; otherwise `undefined`. */
  body: unknown;
  multipart?: { fields: Record<string, string>; files: RecordedMultipartFile[] };
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** Set when the client closed the connection before the response ended. */
  clientAborted: boolean;
}

/** What happened to one request, reported to `onResponse` after the exchange ends. */
export interface FakeUpstreamResponseInfo {
  request: RecordedRequest;
  status: number;
  durationInMs: number;
  outcome: 'completed' | 'client-aborted' | 'fault';
}

export interface FakeUpstreamOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: pick a free port. */
  port?: number;
  /** Keep every request in `requests` (default true). Turn off for benchmarks and long runs. */
  record?: boolean;
  /** The reply of chat requests no script answers with its own `reply`. */
  defaultReply?: FakeReply;
  /** Called once per request when its exchange ends. Nothing is logged by default. */
  onResponse?: (info: FakeUpstreamResponseInfo) => void;
}

export type FakeRequestHandler = (request: RecordedRequest) => FakeResponseScript | undefined;

/** A fake OpenAI-compatible upstream (chat, Kimi files, GLM web search) on a real local socket. */
export interface FakeUpstream {
  /** `http://host:port`, without a trailing slash; any base path works beneath it. */
  readonly url: string;
  /** Recorded requests in arrival order (empty when `record` is false). */
  readonly requests: RecordedRequest[];
  /** Queue scripts (FIFO); each serves the next request(s) it matches. */
  enqueue(...scripts: FakeResponseScript[]): void;
  /** Consulted when no queued script matches; return `undefined` for the default answer. */
  handle(handler: FakeRequestHandler): void;
  /** Clears recorded requests, queued scripts, the handler and uploaded files. */
  reset(): void;
  /** Resolves with a snapshot of all recorded requests once at least `count` have arrived. */
  waitForRequests(count: number, options?: { timeoutInMs?: number }): Promise<RecordedRequest[]>;
  /** Resolves with the next request whose client closed the connection before the response ended. */
  waitForClientAbort(options?: { timeoutInMs?: number }): Promise<RecordedRequest>;
  /** Closes the server and destroys open sockets, cancelling pending delays. */
  close(): Promise<void>;
}
