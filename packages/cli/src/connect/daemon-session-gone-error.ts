/**
 * The daemon no longer knows our MCP session (HTTP 404 to a request carrying `Mcp-Session-Id`,
 * typically after a restart): the message was not handled, and a new session must be initialized.
 */
export class DaemonSessionGoneError extends Error {
  constructor({ status, sessionId }: { status: number; sessionId: string }) {
    super(`the daemon no longer knows session ${sessionId} (HTTP ${status}); it was probably restarted`);
    this.name = 'DaemonSessionGoneError';
  }
}
