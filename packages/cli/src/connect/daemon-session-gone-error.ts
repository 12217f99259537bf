/**
 * The daemon no longer knows our MCP session (HTTP 404 to a request carrying `Mcp-Session-Id`,
 * typically after a restart): the message was not handled, and a new session must be initialized.
 */
export class DaemonSessionGoneError extends Error {
  constructor({ status, sessionId }: { status: number; sessionId: string }) {
    super(
      `the daemon ended session ${sessionId} (HTTP ${status}): the daemon restarted or the session expired`,
    );
    this.name = 'DaemonSessionGoneError';
  }
}
