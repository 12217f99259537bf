import { DaemonUnreachableError } from './daemon-unreachable-error.js';

/**
 * The connection to the daemon failed after a request was (or may have been) sent, before any
 * HTTP response came back (reset, socket closed, timeout): the daemon may have run it, so it must
 * not be sent again. It still means the daemon went away, hence a {@link DaemonUnreachableError}.
 */
export class DaemonConnectionLostError extends DaemonUnreachableError {
  constructor(options: { url: string; cause: unknown }) {
    super(options);
    this.name = 'DaemonConnectionLostError';
  }
}
