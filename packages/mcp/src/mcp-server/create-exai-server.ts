import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { createFileService, emitTelemetry, ExaiError, recordToolError, tracedToolHandler } from '@exai/core';
import type { FileService } from '@exai/core';
import type { AnyExaiTool, ToolResult } from '../tools/define-tool.js';
import { selectTools } from '../tool-catalogue/select-tools.js';
import { DEFAULT_MAX_RESULT_TOKENS, pageResultOrWhole } from '../tools/page/result-pages.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { ExaiRuntime, LogFields } from './exai-runtime.js';
import { callerOf } from './request-caller.js';
import { correlationIdOf } from '../audit/correlation-id.js';
import { outcomeOf, recordToolCall } from '../audit/record-tool-call.js';
import { createToolCallMeter } from '../audit/tool-call-meter.js';
import { installInvalidParamsMapping, installParamsErrorMapping } from './invalid-params-mapping.js';
import { registerToolPrompts } from './register-tool-prompts.js';
import { sharedJsonSchemaValidator } from './shared-json-schema-validator.js';
import { toolErrorResult } from './tool-error-result.js';
import { createToolTasks, type ToolTasksOptions } from '../tasks/create-tool-tasks.js';
import { runCachedTool } from '../response-cache/run-cached-tool.js';
import { attachDirectToolCalls, type DirectTool, type PlainToolCallHandler } from './direct-tool-calls.js';
import { cacheHitMeta } from '../response-cache/cache-hit-meta.js';

export type { AnyExaiTool } from '../tools/define-tool.js';

export interface CreateExaiServerOptions {
  /** The tools to offer. Default: the `standard` profile (see `selectTools`). */
  tools?: readonly AnyExaiTool[];
  /** The server name clients see. Default `exai`. */
  name?: string;
  /** Text clients may show their model about how to use the server. */
  instructions?: string;
  /** Offer each tool as an MCP prompt too (`prompts/list`, `prompts/get`). Default true. */
  prompts?: boolean;
  /**
   * Offer model-backed tools as MCP tasks (`taskSupport: 'optional'`), kept in the session store
   * (see docs/resumable-calls.md); `false` turns tasks off. Default on.
   */
  tasks?: boolean | ToolTasksOptions;
}

const defaultInstructions =
  'exai gives you a second opinion from other AI models. Use `chat` to ask one; every answer carries a ' +
  '`continuation_id` that any exai tool accepts to continue that conversation. `listmodels` shows the ' +
  'models available. A long result ends with a cursor: pass it to `page` for the rest.';

/**
 * A pure factory: an MCP server with every tool registered 1:1. It opens no transport and reads
 * no environment; connect it to stdio (`serveStdio`) or Streamable HTTP (`@exai/server`) at the edge.
 */
export function createExaiServer(
  runtime: ExaiRuntime,
  {
    tools = selectTools().tools,
    name = 'exai',
    instructions = defaultInstructions,
    prompts = true,
    tasks = true,
  }: CreateExaiServerOptions = {},
): McpServer {
  const log = (line: string, fields?: LogFields) => runtime.logger?.(line, fields);
  const localTenantId = runtime.tenantId ?? 'default';
  const toolTasks =
    tasks === false
      ? undefined
      : createToolTasks(runtime, { ...(tasks === true ? {} : tasks), localTenantId, log });
  const server = new McpServer(
    { name, version: runtime.version },
    {
      capabilities: { tools: {}, logging: {}, ...toolTasks?.capabilities },
      instructions,
      jsonSchemaValidator: sharedJsonSchemaValidator,
      ...(toolTasks !== undefined && { taskStore: toolTasks.serverTaskStore }),
    },
  );
  const files = runtime.files ?? createFileService({ allowedRoots: [process.cwd()] });
  const direct = new Map<string, DirectTool>();
  for (const tool of tools) {
    const registered = registerExaiTool(server, tool, { runtime, localTenantId, files, log });
    const handler = registered.handler as unknown as PlainToolCallHandler;
    const inputSchema = tool.inputSchema as z.ZodType;
    if (toolTasks?.offer(server, tool, registered) === true)
      direct.set(tool.name, { inputSchema, handler, thrown: 'json-rpc-error' });
    // `McpServer` checks the structured content of a tool with an output schema: left to it.
    else if (tool.outputSchema === undefined)
      direct.set(tool.name, { inputSchema, handler, thrown: 'tool-error' });
  }
  toolTasks?.install(server);
  attachDirectToolCalls(server, direct);
  installInvalidParamsMapping(server, tools);
  if (prompts) registerToolPrompts(server, tools);
  installParamsErrorMapping(server);
  return server;
}

function registerExaiTool(
  server: McpServer,
  tool: AnyExaiTool,
  {
    runtime,
    localTenantId,
    files,
    log,
  }: {
    runtime: ExaiRuntime;
    localTenantId: string;
    files: FileService;
    log: (line: string, fields?: LogFields) => void;
  },
): RegisteredTool {
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as z.ZodObject,
      ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema as z.ZodObject }),
      annotations: { title: tool.title, ...tool.annotations },
    },
    // An `execute_tool <tool>` span around the call when an OpenTelemetry SDK is registered.
    tracedToolHandler(tool.name, async function handleToolCall(input, extra): Promise<CallToolResult> {
      const progressToken = extra._meta?.progressToken;
      const caller = callerOf(extra.authInfo, localTenantId);
      const tenantId = caller.tenantId;
      const meter = createToolCallMeter();
      const correlationId = correlationIdOf(extra);
      // The call's lines carry its correlation id and tenant as fields (see docs/observability.md).
      const fields: LogFields = { correlationId, tenantId };
      const callLog = (line: string) => log(line, fields);
      // Tracked so a stopping daemon can let the call finish, or cancel it (see InFlightCalls).
      const call = runtime.inFlightCalls?.start(extra.signal, abortCallOf(extra));
      const signal = call?.signal ?? extra.signal;
      const context: ToolContext = {
        runtime,
        tenantId,
        caller,
        meter,
        correlationId,
        files,
        signal,
        progressRequested: progressToken !== undefined,
        log: callLog,
        async reportProgress({ progress, total, message }) {
          if (progressToken === undefined || signal.aborted) return;
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
            callLog(`exai: could not send progress for ${tool.name}: ${String(error)}`);
          }
        },
      };
      const startedAt = performance.now();
      // Every call leaves one audit record, whatever its outcome (refused by a limit included).
      const audit = (error?: unknown, cacheHit = false) =>
        recordToolCall(runtime, {
          caller,
          tool: tool.name,
          arguments: input,
          meter,
          ...outcomeOf(error, extra.signal),
          latencyInMs: Math.round(performance.now() - startedAt),
          correlationId,
          ...(cacheHit && { cache: 'hit' as const }),
        });
      try {
        // Through the response cache when it serves this tool (see docs/caching.md).
        const { result, cacheHit } = await runCachedTool(tool, input, context);
        const durationInMs = performance.now() - startedAt;
        emitTelemetry({ type: 'tool-call', tool: tool.name, outcome: 'ok', durationInMs, tenantId });
        const from = cacheHit === undefined ? '' : ' from the response cache';
        callLog(`exai: ${tool.name} ok in ${Math.round(durationInMs)} ms${from} (request ${correlationId})`);
        const { text, structuredContent } = withinPageSize(result, {
          runtime,
          hasOutputSchema: tool.outputSchema !== undefined,
        });
        const paged =
          tool.name === 'page'
            ? { text, nextCursor: undefined }
            : await pageResultOrWhole({
                runtime,
                tenantId,
                toolName: tool.name,
                text,
                threadId: result.threadId,
                signal,
                log: callLog,
              });
        await audit(undefined, cacheHit !== undefined);
        const meta = {
          ...(paged.nextCursor !== undefined && { 'exai/next_cursor': paged.nextCursor }),
          ...cacheHitMeta(cacheHit),
        };
        return {
          content: [{ type: 'text', text: paged.text }],
          ...(Object.keys(meta).length > 0 && { _meta: meta }),
          ...(structuredContent !== undefined && { structuredContent }),
        };
      } catch (error) {
        recordToolError(error);
        await audit(error);
        const result = toolErrorResult(error, signal);
        emitTelemetry({
          type: 'tool-call',
          tool: tool.name,
          outcome: signal.aborted ? 'cancelled' : 'error',
          durationInMs: performance.now() - startedAt,
          errorCode: ExaiError.isInstance(error) ? error.code : 'internal',
          tenantId,
        });
        const first = result.content[0];
        callLog(
          `exai: ${tool.name} failed: ${first?.type === 'text' ? first.text : 'error'} (request ${correlationId})`,
        );
        return result;
      } finally {
        call?.done();
      }
    }),
  );
}

/**
 * Only the text is paged, so `structuredContent` longer than a page is left out, and the text says
 * so, unless the tool declares an output schema (then the SDK requires it, and it stays).
 */
function withinPageSize(
  { text, structuredContent }: ToolResult,
  { runtime, hasOutputSchema }: { runtime: ExaiRuntime; hasOutputSchema: boolean },
): ToolResult {
  if (structuredContent === undefined || hasOutputSchema) return { text, structuredContent };
  const maxCharacters = (runtime.limits?.maxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS) * 4;
  const size = JSON.stringify(structuredContent).length;
  if (size <= maxCharacters) return { text, structuredContent };
  return {
    text:
      `${text}\n\n(structuredContent was left out: its JSON is ${size} characters, over the ` +
      `${maxCharacters}-character page size; this text carries the whole result.)`,
  };
}

/** The `abortCall` a direct tool call passes beside the SDK's fields (see `DirectToolCallExtra`). */
function abortCallOf(extra: object): ((reason: Error) => void) | undefined {
  const abortCall = (extra as { abortCall?: unknown }).abortCall;
  return typeof abortCall === 'function' ? (abortCall as (reason: Error) => void) : undefined;
}
