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
  cause?: unknown;
}

const describe: Record<TimeoutPhase, string> = {
  connect: 'connecting to the upstream',
  'first-byte': 'waiting for the first response byte',
  idle: 'waiting for the next chunk of a streamed response',
  total: 'completing the request',
};

/** A request exceeded one of its deadlines. */
export class TimeoutError extends ExaiError {
  private readonly [symbol] = true;

  readonly phase: TimeoutPhase;
  readonly timeoutInMs: number;
  readonly url: string | undefined;

  constructor({ phase, timeoutInMs, url: rawUrl, afterFirstByte = false, cause }: TimeoutErrorOptions) {
    const url = rawUrl === undefined ? undefined : redactSecrets(rawUrl);
    super('timeout', {
      message: `Timed out after ${timeoutInMs} ms ${describe[phase]}${url ? ` (${url})` : ''}.`,
      cause,
      isRetryable: !afterFirstByte && phase !== 'total',
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
