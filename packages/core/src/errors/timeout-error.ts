import { redactSecrets } from '../transport/redact-secrets.js';
import { ExaiError } from './exai-error.js';

const marker = 'exai.error.timeout';
const symbol = Symbol.for(marker);

/** Which deadline ran out. */
export type TimeoutPhase = 'connect' | 'first-byte' | 'idle' | 'total';

export interface TimeoutErrorOptions {
  phase: TimeoutPhase;
  timeoutInMs: number;
  url?: string;
  /** Set when the deadline ran out after response bytes were delivered (never retried). */
  afterFirstByte?: boolean;
  /** Whether the request asked for a streamed response; named in the message when known. */
  streamed?: boolean;
  cause?: unknown;
}

/** When the deadline ran out; `kind` names the request (` of a streamed request`) or is empty. */
const describe: Record<TimeoutPhase, (kind: string) => string> = {
  connect: (kind) => `while connecting to the upstream${kind}`,
  'first-byte': (kind) => `while waiting for the response headers${kind}`,
  idle: (kind) => `while waiting for the next chunk of the response body${kind}`,
  total: (kind) => `before the whole call${kind} ended, its retries included`,
};

/** A request exceeded one of its deadlines. */
export class TimeoutError extends ExaiError {
  private readonly [symbol] = true;

  readonly phase: TimeoutPhase;
  readonly timeoutInMs: number;
  readonly url: string | undefined;

  constructor({
    phase,
    timeoutInMs,
    url: rawUrl,
    afterFirstByte = false,
    streamed,
    cause,
  }: TimeoutErrorOptions) {
    const url = rawUrl === undefined ? undefined : redactSecrets(rawUrl);
    const kind = streamed === undefined ? '' : ` of a ${streamed ? 'streamed' : 'non-streamed'} request`;
    const isRetryable = !afterFirstByte && phase !== 'total';
    const notRetried =
      phase === 'total' ? '' : afterFirstByte ? ' Not retried: part of the answer had already arrived.' : '';
    super('timeout', {
      message:
        `The ${phase} timeout of ${timeoutInMs} ms ran out ${describe[phase](kind)}` +
        `${url ? ` (${url})` : ''}.${notRetried}`,
      cause,
      isRetryable,
    });
    this.name = 'TimeoutError';
    this.phase = phase;
    this.timeoutInMs = timeoutInMs;
    this.url = url;
  }

  static override isInstance(error: unknown): error is TimeoutError {
    return ExaiError.hasMarker(error, marker);
  }
}
