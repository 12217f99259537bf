import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ToolResponseCache } from '../response-cache/tool-response-cache.js';
import type { ToolContext } from './tool-context.js';

/** What a tool returns: text for people, and structured data when the tool has an output schema. */
export interface ToolResult<Output extends Record<string, unknown> = Record<string, unknown>> {
  text: string;
  structuredContent?: Output;
  /**
   * The conversation the result belongs to (the thread its `continuation_id` names), set by
   * `withRemainingExchanges` and `threads show`; not sent to the client. When the result is paged,
   * its pages are stored with that conversation and deleted with it.
   */
  threadId?: string;
  /**
   * Set when the result's exchange could not be stored (the store was unavailable): its text says
   * so, and the response cache does not keep it.
   */
  notSaved?: boolean;
}

/** A tool as exai defines it once; `createExaiServer` registers it 1:1 on an MCP server. */
export interface ExaiTool<
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodObject | undefined = z.ZodObject | undefined,
> {
  name: string;
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema?: Output;
  annotations: ToolAnnotations;
  /**
   * Declares that the opt-in response cache may answer an identical fresh call with an earlier
   * result (docs/caching.md). Absent: the tool is never cached.
   */
  responseCache?: ToolResponseCache<z.output<Input>>;
  /**
   * Runs the tool with validated input. Throwing an `ExaiError` turns into a tool result with
   * `isError: true` carrying its code and message.
   */
  execute(
    input: z.output<Input>,
    context: ToolContext,
  ): Promise<ToolResult<Output extends z.ZodObject ? z.output<Output> : Record<string, unknown>>>;
}

/** Declares a tool; the identity function that gives `execute` its input and output types. */
export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject | undefined = undefined>(
  tool: ExaiTool<Input, Output>,
): ExaiTool<Input, Output> {
  return tool;
}

/** A tool of any input and output shape, as lists of tools hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of tools with different schemas
export type AnyExaiTool = ExaiTool<any, any>;
