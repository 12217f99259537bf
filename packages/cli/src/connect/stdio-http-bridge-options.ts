import type { Readable, Writable } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ReconnectBackoffOptions } from './reconnect-backoff.js';

/**
 * How long a resume is retried while the daemon cannot be reached: with the default backoff, eight
 * to ten tries, the last at the bound — enough for a network drop or a daemon restart, short
 * enough that a client whose daemon is gone hears so well before its own request timeout.
 */
export const DEFAULT_MAX_RESUME_WAIT_IN_MS = 20_000;

export interface StdioHttpBridgeOptions {
  /** The daemon's MCP endpoint, e.g. `http://127.0.0.1:8765/mcp`. */
  url: URL;
  /** Sent with every HTTP request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Newline-delimited JSON-RPC from the MCP client. */
  stdin: Readable;
  /** Newline-delimited JSON-RPC to the MCP client, and nothing else. */
  stdout: Writable;
  log?: (line: string) => void;
  backoff?: Partial<ReconnectBackoffOptions>;
  /** How many client messages may wait for the daemon (default 100). */
  maxQueuedMessages?: number;
  /** How long a client message may wait for the daemon before a request is answered with an error (default 30 s). */
  maxQueueWaitInMs?: number;
  /**
   * After losing the daemon, how long client messages wait for a reconnect (default 5 s). Past it,
   * while the daemon stays unreachable, each request is answered at once with the unreachable
   * error (the bridge keeps reconnecting in the background).
   */
  reconnectGraceInMs?: number;
  /**
   * When the answer to a request was cut off and the `GET` resuming it cannot reach the daemon, how
   * long that resume is retried (with `backoff`) before the request is answered with the
   * lost-connection error (default 20 s). The session stays at the daemon meanwhile.
   */
  maxResumeWaitInMs?: number;
  /** How long the daemon has to answer `initialize` (default 10 s). */
  handshakeTimeoutInMs?: number;
  random?: () => number;
  fetch?: FetchLike;
}

export interface StdioHttpBridge {
  /** Settles once the bridge has stopped: stdin ended (or `close()`), and the HTTP session was closed. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
  /** The current MCP session id at the daemon, if connected. */
  sessionId(): string | undefined;
}
