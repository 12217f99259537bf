import type { FileService } from '@exai/core';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import type { ToolCaller } from '../mcp-server/request-caller.js';
import type { ToolCallMeter } from '../audit/tool-call-meter.js';

/** What a running tool gets besides its input. */
export interface ToolContext {
  runtime: ExaiRuntime;
  /**
   * The tenant the call belongs to: the authenticated caller's on the HTTP daemon, else
   * `runtime.tenantId` (default `default`). Same as `caller.tenantId`.
   */
  tenantId: string;
  /** Who made the call (tenant, API key id or token subject); absent in hand-built contexts. */
  caller?: ToolCaller;
  /** Adds up the tokens, cost and models of the call's model turns, for its audit record. */
  meter?: ToolCallMeter;
  /** The HTTP request id (or one made for the call), in the call's audit records and log lines. */
  correlationId?: string;
  /** The only way a tool reads files (`runtime.files`, or the working directory as the one root). */
  files: FileService;
  /** Aborted when the client cancels the request (`notifications/cancelled`) or disconnects. */
  signal: AbortSignal;
  /**
   * Sends an MCP progress notification when the client asked for progress (gave a
   * `progressToken`); does nothing otherwise. Never throws.
   */
  reportProgress(update: { progress: number; total?: number; message?: string }): Promise<void>;
  /**
   * Whether the client asked for progress on this call. When it did not (`false`), model-backed
   * tools make plain requests instead of streaming. Undefined counts as asked.
   */
  progressRequested?: boolean;
  /** Writes a diagnostic line (to stderr under stdio); never to the protocol stream. */
  log(line: string): void;
}
