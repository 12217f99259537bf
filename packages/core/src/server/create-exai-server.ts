import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ExaiTool } from '../tools/define-tool.js';
import { builtinTools } from '../tools/builtin-tools.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { ExaiRuntime } from './exai-runtime.js';
import { toolErrorResult } from './tool-error-result.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of tools with different schemas
export type AnyExaiTool = ExaiTool<any, any>;

export interface CreateExaiServerOptions {
  /** The tools to offer. Default: `chat`, `listmodels`, `version`. */
  tools?: readonly AnyExaiTool[];
  /** The server name clients see. Default `exai`. */
  name?: string;
  /** Text clients may show their model about how to use the server. */
  instructions?: string;
}

const defaultInstructions =
  'exai gives you a second opinion from other AI models. Use `chat` to ask one (pass the returned ' +
  '`continuation_id` to continue the conversation), `listmodels` to see which models are available, ' +
  'and `version` to check the server.';

/**
 * A pure factory: an MCP server with every tool registered 1:1. It opens no transport and reads
 * no environment; connect it to stdio (`@exai/core/stdio`) or Streamable HTTP at the edge.
 */
export function createExaiServer(
  runtime: ExaiRuntime,
  { tools = builtinTools, name = 'exai', instructions = defaultInstructions }: CreateExaiServerOptions = {},
): McpServer {
  const server = new McpServer(
    { name, version: runtime.version },
    { capabilities: { tools: {}, logging: {} }, instructions },
  );
  const log = (line: string) => runtime.logger?.(line);
  const tenantId = runtime.tenantId ?? 'default';
  for (const tool of tools) registerExaiTool(server, tool, { runtime, tenantId, log });
  return server;
}

function registerExaiTool(
  server: McpServer,
  tool: AnyExaiTool,
  { runtime, tenantId, log }: { runtime: ExaiRuntime; tenantId: string; log: (line: string) => void },
): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as z.ZodObject,
      ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema as z.ZodObject }),
      annotations: { title: tool.title, ...tool.annotations },
    },
    async function handleToolCall(input, extra): Promise<CallToolResult> {
      const progressToken = extra._meta?.progressToken;
      const context: ToolContext = {
        runtime,
        tenantId,
        signal: extra.signal,
        log,
        async reportProgress({ progress, total, message }) {
          if (progressToken === undefined || extra.signal.aborted) return;
          try {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress,
                ...(total !== undefined && { total }),
                ...(message !== undefined && { message }),
              },
            });
          } catch (error) {
            log(`exai: could not send progress for ${tool.name}: ${String(error)}`);
          }
        },
      };
      const startedAt = performance.now();
      try {
        const result = await tool.execute(input, context);
        log(`exai: ${tool.name} ok in ${Math.round(performance.now() - startedAt)} ms`);
        return {
          content: [{ type: 'text', text: result.text }],
          ...(result.structuredContent !== undefined && { structuredContent: result.structuredContent }),
        };
      } catch (error) {
        const result = toolErrorResult(error, extra.signal);
        const first = result.content[0];
        log(`exai: ${tool.name} failed: ${first?.type === 'text' ? first.text : 'error'}`);
        return result;
      }
    },
  );
}
